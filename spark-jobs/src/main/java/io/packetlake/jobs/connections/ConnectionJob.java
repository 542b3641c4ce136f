package io.packetlake.jobs.connections;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.max;

import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code packets} table and writes the {@code connections} table.
 *
 * <p>Packets are repartitioned by protocol and unordered address pair and sorted by time within
 * each partition; a {@link FlowTracker} streams through them, so memory holds the active
 * connections of one address pair, never a flow's packets. Partitioning by address pair rather than
 * by 5-tuple keeps non-first IP fragments, which carry no ports, with their first fragment.
 *
 * <p>Horizon. A run is given the dates whose packets changed (or all dates). Connections are not
 * cut at capture or run boundaries, but one may run over midnight, so a change on day {@code d} can
 * change a connection that started on the day before. The run therefore rewrites the start date
 * partitions {@code d} and {@code d - 1} for every changed {@code d} ({@code d - n} when the
 * longest idle timeout plus linger exceeds {@code n - 1} days), and reads the packets of those
 * dates and one margin of days around them, so that a connection starting in a rewritten partition
 * sees its packets of the following day and its true start on the day before. A connection that
 * spans more than the margin (active across two midnights and more) is only exact after a run over
 * all its days; {@code --all-dates} recomputes everything.
 *
 * <p>Writes use dynamic partition overwrite, as ingest does: a rerun rewrites the same start-date
 * partitions with the same rows (ids depend only on the packets), and a failed run leaves nothing
 * visible.
 */
public final class ConnectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionJob.class);
  private static final String LOW_ADDRESS = "low_address";
  private static final String HIGH_ADDRESS = "high_address";

  /** The packet columns the tracker reads, in the order {@link ConnectionPartition} expects. */
  static final List<String> PACKET_COLUMNS =
      List.of(
          "timestamp_ns",
          "ip_src",
          "ip_dst",
          "ip_protocol",
          "src_port",
          "dst_port",
          "icmp_type",
          "icmp_code",
          "tcp_flags",
          "tcp_seq",
          "payload_length",
          "frame_length",
          "ip_total_length",
          "ip_id",
          "is_fragment",
          "ip_fragment_offset");

  private ConnectionJob() {}

  public static ConnectionResult run(SparkSession spark, ConnectionConfig config, RunLedger ledger)
      throws IOException {
    String packetsPath = config.lake().table(PacketTable.NAME);
    Path packetsDirectory = new Path(packetsPath);
    FileSystem fileSystem =
        packetsDirectory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(packetsDirectory)) {
      LOG.warn("No packets table at {}: nothing to do", packetsPath);
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.of(), 0);
    }
    Dataset<Row> packets = spark.read().parquet(packetsPath);
    TreeSet<LocalDate> available = PartitionDates.of(fileSystem, packetsDirectory);
    TreeSet<LocalDate> recomputed = new TreeSet<>();
    TreeSet<LocalDate> read = new TreeSet<>();
    if (config.allDates()) {
      recomputed.addAll(available);
      read.addAll(available);
    } else {
      int margin = marginDays(config.timeouts());
      for (LocalDate changed : config.dates()) {
        for (int day = 0; day <= margin; day++) {
          recomputed.add(changed.minusDays(day));
        }
      }
      for (LocalDate date : recomputed) {
        for (int day = -margin; day <= margin; day++) {
          read.add(date.plusDays(day));
        }
      }
      recomputed.retainAll(available);
      read.retainAll(available);
    }
    if (recomputed.isEmpty()) {
      LOG.warn("No packets on the dates {}: nothing to do", config.dates());
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.copyOf(read), 0);
    }
    LOG.info("Recomputing connections starting on {} from the packets of {}", recomputed, read);

    Dataset<Row> connections = connections(spark, packets, read, config.timeouts());
    if (connections == null) {
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.copyOf(read), 0);
    }
    String table = config.lake().table(ConnectionTable.NAME);
    connections
        .where(col(ConnectionTable.DATE).isInCollection(recomputed))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(ConnectionTable.DATE)
        .parquet(table);

    long rows =
        spark
            .read()
            .parquet(table)
            .where(col(ConnectionTable.DATE).isInCollection(recomputed))
            .count();
    ledger.rowsWritten(ConnectionTable.NAME, rows);
    return new ConnectionResult(List.copyOf(recomputed), List.copyOf(read), rows);
  }

  /**
   * The connections of the packets of {@code dates}, with the connections table's schema, or null
   * when there are no IP packets with a timestamp on them. Connections starting on any of the dates
   * are returned; the caller keeps those whose start date it rewrites.
   */
  public static Dataset<Row> connections(
      SparkSession spark,
      Dataset<Row> packets,
      Collection<LocalDate> dates,
      FlowTimeouts timeouts) {
    Dataset<Row> selected =
        packets
            .where(col(PacketTable.DATE).isInCollection(dates))
            .where(
                col("timestamp_ns")
                    .isNotNull()
                    .and(col("ip_src").isNotNull())
                    .and(col("ip_dst").isNotNull())
                    .and(col("ip_protocol").isNotNull()));
    Row end = selected.agg(max(col("timestamp_ns"))).first();
    if (end.isNullAt(0)) {
      return null;
    }
    long dataEndNanos = end.getLong(0);

    List<Column> columns = new ArrayList<>();
    PACKET_COLUMNS.forEach(name -> columns.add(col(name)));
    columns.add(least(col("ip_src"), col("ip_dst")).as(LOW_ADDRESS));
    columns.add(greatest(col("ip_src"), col("ip_dst")).as(HIGH_ADDRESS));
    Dataset<Row> ordered =
        selected
            .select(
                concat(columns, List.of(col(PacketTable.CAPTURE_ID), col("record_offset")))
                    .toArray(Column[]::new))
            .repartition(col("ip_protocol"), col(LOW_ADDRESS), col(HIGH_ADDRESS))
            .sortWithinPartitions(
                col("ip_protocol"),
                col(LOW_ADDRESS),
                col(HIGH_ADDRESS),
                col("timestamp_ns"),
                col(PacketTable.CAPTURE_ID),
                col("record_offset"));
    JavaRDD<Row> rows =
        ordered
            .javaRDD()
            .mapPartitions(partition -> new ConnectionPartition(partition, timeouts, dataEndNanos));
    return spark.createDataFrame(rows, ConnectionTable.SCHEMA);
  }

  /** The dates the packets of some captures fall on: what an ingest run of them changed. */
  public static Set<LocalDate> datesOf(
      SparkSession spark, String packetsTable, Collection<String> captureIds) throws IOException {
    Path table = new Path(packetsTable);
    return PartitionDates.of(
        table.getFileSystem(spark.sparkContext().hadoopConfiguration()), table, captureIds);
  }

  /** Days either side of a changed date that a connection touching it can reach. */
  static int marginDays(FlowTimeouts timeouts) {
    Duration reach = timeouts.longestIdle().plus(timeouts.linger());
    return (int) Math.max(1, (reach.toSeconds() + 86_399) / 86_400);
  }

  private static List<Column> concat(List<Column> first, List<Column> second) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
