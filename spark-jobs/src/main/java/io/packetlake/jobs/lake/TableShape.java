package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Gives rows computed by a plan the shape of their table. */
public final class TableShape {
  private TableShape() {}

  /**
   * The columns of {@code table}, taken by name from {@code rows}, in the catalog's order, cast to
   * the catalog's types and carrying the column comments that Parquet files store.
   */
  public static Dataset<Row> conform(Dataset<Row> rows, TableCatalog table) {
    requireNonNull(rows, "rows is null");
    return rows.select(
        requireNonNull(table, "table is null").columns().stream()
            .map(
                column ->
                    col(column.name())
                        .cast(column.type())
                        .as(column.name(), column.field().metadata()))
            .toArray(Column[]::new));
  }
}
