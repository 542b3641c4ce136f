package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.packetlake.jobs.SparkSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a lake table by dynamic partition overwrite: the partitions the rows fall in are replaced
 * and every other partition is left as it is. A stage that recomputes some partitions therefore
 * writes exactly those, a rerun leaves the same rows, and a failed write leaves nothing visible.
 *
 * <p>Rows are counted while they are written, by {@link Dataset#observe} in the write's plan, never
 * by reading the table back. The counts are exact: the observation runs in the write's own stage, a
 * result stage, and Spark merges a result task's observed values once, from its successful attempt
 * only, so retried or speculative attempts do not add theirs.
 */
public final class PartitionOverwrite {
  /** The name under which {@link #writeCounted} returns the number of rows written. */
  public static final String ROWS = "rows";

  private PartitionOverwrite() {}

  /**
   * Writes {@code rows} as Parquet under {@code path}, partitioned by {@code partitionColumns},
   * replacing the partitions they fall in. {@code options} are Parquet options of this write. Every
   * file says which schema version wrote it ({@link SchemaVersion}).
   */
  public static void write(
      Dataset<Row> rows, String path, List<String> partitionColumns, Map<String, String> options) {
    requireNonNull(rows, "rows is null");
    requireNonNull(path, "path is null");
    requireNonNull(partitionColumns, "partitionColumns is null");
    requireNonNull(options, "options is null");
    SparkSession spark = rows.sparkSession();
    // Spark reads the timestamp type from the session while planning the write, not from options.
    SparkSessions.withSetting(
        spark,
        SparkSessions.TIMESTAMP_TYPE_SETTING,
        SparkSessions.timestampType(spark),
        () ->
            SchemaVersion.stamp(rows)
                .write()
                .mode(SaveMode.Overwrite)
                .options(options)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(partitionColumns.toArray(String[]::new))
                .parquet(path));
  }

  /** Writes the rows into {@code table} of {@code lake} and returns how many were written. */
  public static long writeCounted(Dataset<Row> rows, Lake lake, TableCatalog table) {
    return writeCounted(rows, lake, table, Map.of()).get(ROWS);
  }

  /**
   * Writes the rows into {@code table} of {@code lake} and returns, counted while writing, the rows
   * written under {@link #ROWS} and the value of each of {@code counts} (aggregates such as {@code
   * count_if}) under its name.
   */
  public static Map<String, Long> writeCounted(
      Dataset<Row> rows, Lake lake, TableCatalog table, Map<String, Column> counts) {
    requireNonNull(lake, "lake is null");
    requireNonNull(table, "table is null");
    requireNonNull(counts, "counts is null");
    Observation observation =
        new Observation(
            "packetlake_" + table.name() + "_" + UUID.randomUUID().toString().replace("-", ""));
    List<Column> metrics = new ArrayList<>();
    counts.forEach((name, count) -> metrics.add(count.as(name)));
    Dataset<Row> observed =
        requireNonNull(rows, "rows is null")
            .observe(observation, count(lit(1)).as(ROWS), metrics.toArray(Column[]::new));
    write(observed, lake.table(table.name()), table.partitionColumns(), Map.of());
    Map<String, Object> values;
    try {
      values = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Cannot count the rows written to " + table.name() + ": interrupted", e);
    }
    Map<String, Long> written = new LinkedHashMap<>();
    written.put(ROWS, ((Number) values.get(ROWS)).longValue());
    for (String name : counts.keySet()) {
      written.put(name, ((Number) values.get(name)).longValue());
    }
    return written;
  }
}
