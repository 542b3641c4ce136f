package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code packets} and {@code connections} tables and writes {@code ip_activity}, in
 * steps:
 *
 * <ol>
 *   <li>the days to recompute: the changed days and the days before them that the connections stage
 *       rewrites too ({@link ActivityConfig#horizon()});
 *   <li>the inputs of those days, sized to their packets ({@link ActivityInputs});
 *   <li>the minute, hour and day rows, one plan ({@link PeriodRows}), written;
 *   <li>the month and year rows holding those days, rolled up from the stored day rows ({@link
 *       Rollup}), written.
 * </ol>
 *
 * <p>Writes use dynamic partition overwrite on ({@code grain}, {@code period_date}) and count the
 * rows per grain while writing ({@link PartitionOverwrite}): reruns leave the same rows and a
 * failed run leaves nothing visible.
 */
public final class ActivityJob {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityJob.class);

  /** The stage's name: its command, and its group of settings in the run ledger. */
  public static final String STAGE_NAME = "activity";

  private ActivityJob() {}

  public static ActivityResult run(SparkSession spark, ActivityConfig config, RunLedger ledger)
      throws IOException {
    ledger.settings(STAGE_NAME, config.settings());
    String packetsPath = config.lake().table(PacketTable.NAME);
    String table = config.lake().table(ActivityTable.NAME);
    FileSystem fileSystem =
        new Path(packetsPath).getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(new Path(packetsPath))) {
      LOG.warn("No packets table at {}: nothing to do", packetsPath);
      return empty(ledger);
    }
    TreeSet<LocalDate> days =
        config
            .horizon()
            .recomputed(
                config.allDates(),
                config.dates(),
                PartitionDates.of(fileSystem, new Path(packetsPath)));
    if (days.isEmpty()) {
      LOG.warn("No packets on the dates {}: nothing to do", config.dates());
      return empty(ledger);
    }
    LOG.info("Recomputing ip_activity of the days {}", days);

    int partitions = ActivityInputs.shufflePartitions(spark, fileSystem, packetsPath, days);
    Dataset<Row> minuteCells =
        ActivityInputs.minuteCells(
            PacketTable.CATALOG
                .read(spark, packetsPath)
                .where(col(PacketTable.DATE).isInCollection(days)),
            partitions);
    Dataset<Row> connectionRoles =
        ActivityInputs.connectionRoles(
            ActivityInputs.connections(spark, config.lake(), days), partitions);
    Map<Grain, Long> rowsPerGrain = write(PeriodRows.of(minuteCells, connectionRoles), config);

    // Months and years hold the recomputed days; everything else they need is in the table.
    TreeSet<LocalDate> monthDates = ActivityPartitions.periodDates(Grain.MONTH, days);
    TreeSet<LocalDate> yearDates = ActivityPartitions.periodDates(Grain.YEAR, days);
    Dataset<Row> rollup = Rollup.of(Rollup.dayRows(spark, table, yearDates), monthDates, yearDates);
    write(rollup, config).forEach((grain, count) -> rowsPerGrain.merge(grain, count, Long::sum));

    TreeSet<LocalDate> rollupPeriods = new TreeSet<>(monthDates);
    rollupPeriods.addAll(yearDates);
    long rows = rowsPerGrain.values().stream().mapToLong(Long::longValue).sum();
    ledger.rowsWritten(ActivityTable.NAME, rows);
    return new ActivityResult(List.copyOf(days), List.copyOf(rollupPeriods), rowsPerGrain);
  }

  /**
   * Writes the rows over the partitions they hold and returns the rows written per grain (every
   * grain present).
   */
  private static Map<Grain, Long> write(Dataset<Row> rows, ActivityConfig config) {
    Map<String, Column> counts = new LinkedHashMap<>();
    for (Grain grain : Grain.values()) {
      counts.put(grain.value(), count_if(col(ActivityTable.GRAIN).equalTo(grain.value())));
    }
    Map<String, Long> written =
        PartitionOverwrite.writeCounted(rows, config.lake(), ActivityTable.CATALOG, counts);
    Map<Grain, Long> perGrain = new EnumMap<>(Grain.class);
    for (Grain grain : Grain.values()) {
      perGrain.put(grain, written.get(grain.value()));
    }
    return perGrain;
  }

  private static ActivityResult empty(RunLedger ledger) {
    ledger.rowsWritten(ActivityTable.NAME, 0);
    Map<Grain, Long> rows = new EnumMap<>(Grain.class);
    for (Grain grain : Grain.values()) {
      rows.put(grain, 0L);
    }
    return new ActivityResult(List.of(), List.of(), rows);
  }
}
