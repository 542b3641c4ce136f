package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A lake table's columns, declared once: its Spark schema, the comments its Parquet files carry,
 * and its section of docs/TABLES.md are derived from this, never written out again. Columns are
 * only ever added at the end; partition columns are columns of the table too (they come last in the
 * schema Spark reads back).
 *
 * @param name the table's directory under the lake root and its name in a catalog
 * @param description what one row is, for docs/TABLES.md
 * @param columns every column, in schema order
 * @param partitionColumns the columns that name partition directories, outermost first
 */
public record TableCatalog(
    String name, String description, List<TableColumn> columns, List<String> partitionColumns) {
  public TableCatalog {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
    Set<String> names = new HashSet<>();
    for (TableColumn column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException(
            "Cannot declare table %s: column %s declared twice".formatted(name, column.name()));
      }
    }
    for (String partition : partitionColumns) {
      if (!names.contains(partition)) {
        throw new IllegalArgumentException(
            "Cannot declare table %s: partition column %s is not a column"
                .formatted(name, partition));
      }
    }
  }

  /** The Spark schema, in column order, with each column's comment. */
  public StructType schema() {
    return new StructType(columns.stream().map(TableColumn::field).toArray(StructField[]::new));
  }

  /**
   * The table under {@code path} read with this catalog's schema. Partition columns then have the
   * catalog's types; Spark would otherwise infer them from the directory names and read, say, a
   * {@code capture_id} of digits only as a number.
   */
  public Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().schema(schema()).parquet(path);
  }

  public List<String> columnNames() {
    return columns.stream().map(TableColumn::name).toList();
  }
}
