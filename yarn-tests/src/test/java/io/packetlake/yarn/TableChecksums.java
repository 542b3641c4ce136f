package io.packetlake.yarn;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * An order-independent fingerprint of a table: its row count and the sum of a 64-bit hash of every
 * row over all columns, partition columns included. Two tables with the same rows in any order and
 * any file layout have the same fingerprint; a changed value anywhere changes the sum. HyperLogLog
 * sketch columns count by their estimate, which is what a query reads from them.
 */
final class TableChecksums {
  // Columns that name where the input was read from: only the file name is compared, since the
  // same capture is read from hdfs:// on YARN and from the local disk in the reference run.
  private static final Set<String> SOURCE_PATH_COLUMNS = Set.of("capture_file");

  // ip_activity's distinct-count sketches (peers_sketch, ports_sketch, syn_peers_sketch, ...).
  private static final String SKETCH_SUFFIX = "_sketch";

  private TableChecksums() {}

  record Summary(long rows, BigDecimal checksum) {}

  static Summary summarize(Dataset<Row> table) {
    Row result =
        comparable(table)
            .select(xxhash64(col("*")).as("row_hash"))
            // Decimal, so that the sum cannot overflow (Spark's ANSI mode would fail on a long).
            .agg(count(lit(1)), sum(col("row_hash").cast("decimal(38,0)")))
            .first();
    BigDecimal checksum = result.isNullAt(1) ? BigDecimal.ZERO : result.getDecimal(1);
    return new Summary(result.getLong(0), checksum);
  }

  /** The table with values that may differ only by where the input lived made comparable. */
  static Dataset<Row> comparable(Dataset<Row> table) {
    Column[] columns =
        Arrays.stream(table.schema().fields())
            .map(TableChecksums::comparable)
            .toArray(Column[]::new);
    return table.select(columns);
  }

  private static Column comparable(StructField field) {
    Column column = col(field.name());
    if (SOURCE_PATH_COLUMNS.contains(field.name())) {
      return regexp_extract(column, "[^/]*$", 0).as(field.name());
    }
    if (field.dataType() instanceof BinaryType && field.name().endsWith(SKETCH_SUFFIX)) {
      // A HyperLogLog sketch's bytes depend on the order its values were added and partial
      // sketches merged, which differs with the number of splits; what it states is its estimate.
      return hll_sketch_estimate(column).as(field.name());
    }
    if (field.dataType() instanceof MapType) {
      // Maps cannot be hashed; their entries sorted by key can.
      return array_sort(map_entries(column)).as(field.name());
    }
    return column;
  }
}
