package io.packetlake.jobs;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.packetlake.jobs.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Order-independent content checksums of a lake's tables, for tests that must show a run changed
 * nothing, or left the same content as another run.
 *
 * <p>Each row hashes to 64 bits over every column, partition columns included, with a null marker
 * per column (so {@code (null, 1)} and {@code (1, null)} differ) and map columns as their sorted
 * entries (a map's entry order is not part of its value). A table's checksum is the row count and
 * the exact sum of the row hashes: it does not depend on row order, file layout or partition count,
 * and a duplicated, lost or changed row changes it.
 */
public final class TableChecksums {
  /** Every table of the lake, in the order the stages write them. */
  public static final List<String> TABLES = Pipeline.tables();

  /** The packets table's column naming the file a row was read from, a path that differs by run. */
  private static final String SOURCE_FILE_COLUMN = "capture_file";

  /** ip_activity's distinct-count sketches (peers_sketch, ports_sketch, ...). */
  private static final String SKETCH_SUFFIX = "_sketch";

  private TableChecksums() {}

  /** One table's content summary. */
  public record Checksum(long rows, BigDecimal hashSum) {}

  /** The checksum of every table that exists in the lake; absent tables are absent from the map. */
  public static Map<String, Checksum> of(SparkSession spark, Lake lake) {
    Map<String, Checksum> checksums = new TreeMap<>();
    for (String table : TABLES) {
      if (Files.isDirectory(Paths.get(lake.table(table)))) {
        checksums.put(table, of(spark.read().parquet(lake.table(table))));
      }
    }
    return checksums;
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

  /** A map's entries sorted by key: a map's entry order is not part of its value. */
  private static Column sortedEntries(Column map) {
    return array_sort(map_entries(map));
  }

  /**
   * Per table, the partition directories (relative to the table, e.g. {@code
   * date=2024-05-06/capture_id=...}) that hold at least one visible data file. Hidden entries
   * ({@code .spark-staging-*}, {@code _temporary}, {@code _SUCCESS}) are not part of a table.
   */
  public static Map<String, SortedSet<String>> partitions(Lake lake) {
    Map<String, SortedSet<String>> partitions = new TreeMap<>();
    for (String table : TABLES) {
      Path root = Paths.get(lake.table(table));
      if (!Files.isDirectory(root)) {
        continue;
      }
      SortedSet<String> directories = new TreeSet<>();
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(Files::isRegularFile)
            .filter(file -> isVisible(root.relativize(file)))
            .forEach(file -> directories.add(root.relativize(file.getParent()).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      partitions.put(table, directories);
    }
    return partitions;
  }

  /**
   * Every visible data file of every table (path relative to the lake root, with its size): equal
   * before and after a run exactly when the run changed no file. Cheaper than {@link #of} and
   * stronger for "nothing was written"; a rerun that rewrites the same rows changes the file names.
   */
  public static SortedMap<String, Long> visibleFiles(Lake lake) {
    SortedMap<String, Long> visible = new TreeMap<>();
    Path lakeRoot = Paths.get(lake.root());
    for (String table : TABLES) {
      Path root = Paths.get(lake.table(table));
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (isVisible(root.relativize(file))) {
            visible.put(lakeRoot.relativize(file).toString(), Files.size(file));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return visible;
  }

  private static boolean isVisible(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return false;
      }
    }
    return true;
  }
}
