package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * A table whose rows are made from objects of type {@code T}: each column of its {@link
 * TableCatalog} is declared together with how its value is taken from a {@code T}, so a row is
 * built from the declaration itself and no list of positions is ever written out again.
 *
 * <p>Values are the external types of Spark's row encoder for the column's type ({@code String},
 * boxed numbers, {@code java.time.Instant} for timestamps, {@code java.time.LocalDate} for dates);
 * null where the column is nullable and the value absent.
 *
 * @param <T> what one row describes
 */
public final class TableRows<T> {
  private final TableCatalog catalog;
  private final List<Function<T, ?>> values;
  private final StructType schema;

  private TableRows(TableCatalog catalog, List<Function<T, ?>> values) {
    this.catalog = catalog;
    this.values = List.copyOf(values);
    this.schema = catalog.schema();
  }

  /** Starts the declaration of table {@code name}; see {@link TableCatalog} for the arguments. */
  public static <T> Builder<T> builder(String name, String description) {
    return new Builder<>(name, description);
  }

  public TableCatalog catalog() {
    return catalog;
  }

  /** The row of {@code value}, with the catalog's schema. */
  public Row row(T value) {
    requireNonNull(value, "value is null");
    Object[] row = new Object[values.size()];
    for (int column = 0; column < row.length; column++) {
      row[column] = values.get(column).apply(value);
    }
    return new GenericRowWithSchema(row, schema);
  }

  /**
   * The encoder of the rows {@link #row} builds, for typed Dataset operations. The schema of what
   * it encodes has the catalog's names and types but not the column comments: {@link
   * TableShape#conform} adds them.
   */
  public Encoder<Row> encoder() {
    return Encoders.row(schema);
  }

  /** The columns of a table in schema order, each with its value. */
  public static final class Builder<T> {
    private final String name;
    private final String description;
    private final List<TableColumn> columns = new ArrayList<>();
    private final List<Function<T, ?>> values = new ArrayList<>();

    private Builder(String name, String description) {
      this.name = requireNonNull(name, "name is null");
      this.description = requireNonNull(description, "description is null");
    }

    /** Adds the next column and how its value is taken from a {@code T}. */
    public Builder<T> column(TableColumn column, Function<T, ?> value) {
      columns.add(requireNonNull(column, "column is null"));
      values.add(requireNonNull(value, "value is null"));
      return this;
    }

    /** The table, partitioned by {@code partitionColumns} (outermost first). */
    public TableRows<T> build(List<String> partitionColumns) {
      return new TableRows<>(
          new TableCatalog(name, description, columns, partitionColumns), values);
    }
  }
}
