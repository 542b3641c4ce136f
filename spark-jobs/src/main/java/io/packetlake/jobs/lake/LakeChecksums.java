package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Order-independent content checksums of a lake's tables: what shows that a rerun, a copy of the
 * lake, or a new version of the code left the same rows.
 *
 * <p>Each row hashes to 64 bits over every column, partition columns included, with a null marker
 * per column (so {@code (null, 1)} and {@code (1, null)} differ) and map columns as their sorted
 * entries (a map's entry order is not part of its value). A table's checksum is the row count and
 * the exact sum of the row hashes: it does not depend on row order, file layout or partition count,
 * and a duplicated, lost or changed row changes it.
 */
public final class LakeChecksums {
  /** The packets table's column naming the file a row was read from, a path that differs by run. */
  private static final String SOURCE_FILE_COLUMN = "capture_file";

  /** ip_activity's distinct-count sketches (peers_sketch, ports_sketch, ...). */
  private static final String SKETCH_SUFFIX = "_sketch";

  /** Spark's error condition for a Parquet directory without data files to read a schema from. */
  private static final String NO_DATA_FILES = "UNABLE_TO_INFER_SCHEMA";

  private LakeChecksums() {}

  /** One table's content summary. */
  public record Checksum(long rows, BigDecimal hashSum) {
    public Checksum {
      requireNonNull(hashSum, "hashSum is null");
    }
  }

  /**
   * The checksum of each of {@code tables} that exists in the lake, in the order given; absent
   * tables are absent from the map.
   *
   * @param locationIndependent whether rows are first made comparable across lakes built from the
   *     same captures at other places ({@link #locationIndependent})
   * @throws IOException when the lake's file system cannot be listed
   */
  public static Map<String, Checksum> of(
      SparkSession spark, Lake lake, List<String> tables, boolean locationIndependent)
      throws IOException {
    Map<String, Checksum> checksums = new LinkedHashMap<>();
    for (String table : tables) {
      Path directory = new Path(lake.table(table));
      FileSystem fileSystem = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fileSystem.isDirectory(directory)) {
        checksums.put(table, tableChecksum(spark, lake.table(table), locationIndependent));
      }
    }
    return checksums;
  }

  private static Checksum tableChecksum(
      SparkSession spark, String directory, boolean locationIndependent) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(directory);
    } catch (Exception e) {
      // A table directory that holds no data file (every partition removed) has no rows. Spark
      // throws AnalysisException, which Java sees as checked but Scala code throws undeclared.
      if (e instanceof AnalysisException analysis
          && NO_DATA_FILES.equals(analysis.getCondition())) {
        return new Checksum(0, BigDecimal.ZERO);
      }
      throw e;
    }
    return of(locationIndependent ? locationIndependent(rows) : rows);
  }

  /** The checksum of any rows. */
  public static Checksum of(Dataset<Row> rows) {
    List<Column> parts = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      Column column = col("`" + field.name() + "`");
      parts.add(column.isNull());
      parts.add(field.dataType() instanceof MapType ? sortedEntries(column) : column);
    }
    Row result =
        rows.select(xxhash64(parts.toArray(Column[]::new)).as("row_hash"))
            .agg(
                count(lit(1)),
                sum(col("row_hash").cast(DataTypes.createDecimalType(38, 0))).as("hash_sum"))
            .first();
    BigDecimal hashSum = result.isNullAt(1) ? BigDecimal.ZERO : result.getDecimal(1);
    return new Checksum(result.getLong(0), hashSum);
  }

  /**
   * The rows with the values that depend on where and how the input was read made comparable, for
   * two runs over the same captures at different places (a YARN run over HDFS and a local run):
   * {@code capture_file} by file name only; a {@code *_sketch} HyperLogLog column by its estimate,
   * since a sketch's bytes depend on the order of its inserts and merges, which changes with the
   * number of splits, while its estimate does not; maps as their sorted entries, so that the rows
   * also work with set operations such as {@code exceptAll}.
   */
  public static Dataset<Row> locationIndependent(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      Column column = col("`" + field.name() + "`");
      if (field.name().equals(SOURCE_FILE_COLUMN)) {
        column = regexp_extract(column, "[^/]*$", 0);
      } else if (field.dataType() instanceof BinaryType && field.name().endsWith(SKETCH_SUFFIX)) {
        column = hll_sketch_estimate(column);
      } else if (field.dataType() instanceof MapType) {
        column = sortedEntries(column);
      }
      columns.add(column.as(field.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private static Column sortedEntries(Column map) {
    return array_sort(map_entries(map));
  }
}
