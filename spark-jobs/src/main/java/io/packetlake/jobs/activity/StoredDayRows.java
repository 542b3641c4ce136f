package io.packetlake.jobs.activity;

import io.packetlake.jobs.lake.PartitionDirectories;
import io.packetlake.jobs.lake.TableCatalog;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stored day rows of a table partitioned like {@code ip_activity} ({@code grain}, {@code
 * period_date}), that its month and year rows roll up from.
 */
public final class StoredDayRows {
  private StoredDayRows() {}

  /** The stored day rows of the years whose first days are {@code yearDates}. */
  public static Dataset<Row> of(
      SparkSession spark, String table, TableCatalog catalog, Collection<LocalDate> yearDates)
      throws IOException {
    return spark
        .read()
        .option("basePath", table)
        .schema(catalog.schema())
        .parquet(dayDirectories(spark, table, yearDates).toArray(String[]::new));
  }

  /**
   * The day partition directories of those years. A rollup reads the day partitions by their
   * directories: it then never reads the path it overwrites, which Spark refuses, and lists only
   * the days it needs. One listing of the day grain finds them.
   */
  private static List<String> dayDirectories(
      SparkSession spark, String table, Collection<LocalDate> yearDates) throws IOException {
    Path days = new Path(table, PartitionDirectories.name(ActivityTable.GRAIN, Grain.DAY.value()));
    FileSystem fileSystem = days.getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<String> directories = new ArrayList<>();
    if (!fileSystem.exists(days)) {
      return directories;
    }
    for (FileStatus status : fileSystem.listStatus(days)) {
      LocalDate day =
          PartitionDirectories.date(ActivityTable.PERIOD_DATE, status.getPath().getName());
      if (status.isDirectory() && day != null && yearDates.contains(Grain.YEAR.periodDate(day))) {
        directories.add(status.getPath().toString());
      }
    }
    return directories;
  }
}
