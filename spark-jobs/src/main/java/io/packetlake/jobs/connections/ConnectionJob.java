package io.packetlake.jobs.connections;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.RecomputeHorizon;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.lake.TableShape;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code packets} table and writes the {@code connections} table.
 *
 * <p>Packets are repartitioned by protocol and unordered address pair and sorted by time within
 * each partition; {@link TrackedConnections} streams through them, so memory holds the active
 * connections of one address pair, never a flow's packets. Partitioning by address pair rather than
 * by 5-tuple keeps non-first IP fragments, which carry no ports, with their first fragment.
 *
 * <p>Horizon. A run is given the dates whose packets changed (or all dates). Connections are not
 * cut at capture or run boundaries, but one may run over midnight, so a change on day {@code d} can
 * change a connection that started on the days before. The run therefore rewrites the start-date
 * partitions its {@link FlowTimeouts#horizon() horizon} gives ({@code d} and {@code d - 1}, or
 * {@code d - n} when the longest idle timeout plus linger exceeds {@code n - 1} days), and reads
 * the packets of those dates and as many days around them, so that a connection starting in a
 * rewritten partition sees its packets of the following day and its true start on the day before. A
 * connection that spans more than the margin (active across two midnights and more) is only exact
 * after a run over all its days; without {@code --date}, every date is recomputed.
 *
 * <p>Names. The connections of the rewritten partitions get their {@code responder_name} from the
 * {@code dns} table ({@link ResponderNames}): the responses of their start dates and of the days
 * the window reaches back to, joined to the rows the tracker made; a lake without dns rows on those
 * dates leaves the names null.
 *
 * <p>Writes use dynamic partition overwrite ({@link PartitionOverwrite}): a rerun rewrites the same
 * start-date partitions with the same rows (ids depend only on the packets), and a failed run
 * leaves nothing visible.
 */
public final class ConnectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionJob.class);
  private static final String LOW_ADDRESS = "low_address";
  private static final String HIGH_ADDRESS = "high_address";
  private static final String RECORD_OFFSET = "record_offset";

  /** The stage's name: its command, and its group of settings in the run ledger. */
  public static final String STAGE_NAME = "connections";

  private ConnectionJob() {}

  public static ConnectionResult run(SparkSession spark, ConnectionConfig config, RunLedger ledger)
      throws IOException {
    ledger.settings(STAGE_NAME, config.settings());
    String packetsPath = config.lake().table(PacketTable.NAME);
    Path packetsDirectory = new Path(packetsPath);
    FileSystem fileSystem =
        packetsDirectory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(packetsDirectory)) {
      LOG.warn("No packets table at {}: nothing to do", packetsPath);
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.of(), 0);
    }
    TreeSet<LocalDate> available = PartitionDates.of(fileSystem, packetsDirectory);
    RecomputeHorizon horizon = config.timeouts().horizon();
    TreeSet<LocalDate> recomputed =
        horizon.recomputed(config.allDates(), config.dates(), available);
    TreeSet<LocalDate> read =
        config.allDates()
            ? new TreeSet<>(available)
            : horizon.withMargin(horizon.recomputed(config.dates()));
    read.retainAll(available);
    if (recomputed.isEmpty()) {
      LOG.warn("No packets on the dates {}: nothing to do", config.dates());
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.copyOf(read), 0);
    }
    LOG.info("Recomputing connections starting on {} from the packets of {}", recomputed, read);

    Dataset<Row> connections =
        connections(spark, PacketTable.CATALOG.read(spark, packetsPath), read, config.timeouts());
    if (connections == null) {
      ledger.rowsWritten(ConnectionTable.NAME, 0);
      return new ConnectionResult(List.of(), List.copyOf(read), 0);
    }
    Dataset<Row> named =
        ResponderNames.named(
            spark,
            config.lake(),
            connections.where(col(ConnectionTable.START_DATE).isInCollection(recomputed)),
            recomputed,
            config.responderNameWindow());
    long rows = PartitionOverwrite.writeCounted(named, config.lake(), ConnectionTable.CATALOG);
    ledger.rowsWritten(ConnectionTable.NAME, rows);
    return new ConnectionResult(List.copyOf(recomputed), List.copyOf(read), rows);
  }

  /**
   * The connections of the packets of {@code dates}, with the connections table's schema, or null
   * when there are no IP packets with a timestamp on them. Connections starting on any of the dates
   * are returned; the caller keeps those whose start date it rewrites. Their responders are not
   * named yet ({@link ResponderNames} does that).
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
                col(FlowPacketColumns.TIME)
                    .isNotNull()
                    .and(col(FlowPacketColumns.SOURCE).isNotNull())
                    .and(col(FlowPacketColumns.DESTINATION).isNotNull())
                    .and(col(FlowPacketColumns.PROTOCOL).isNotNull()));
    Row end = selected.agg(max(col(FlowPacketColumns.TIME))).first();
    if (end.isNullAt(0)) {
      return null;
    }
    long dataEndNanos = end.getLong(0);
    Dataset<Row> ordered = byAddressPairAndTime(selected);
    FlowPacketColumns columns = new FlowPacketColumns(ordered.schema());
    Dataset<Row> connections =
        ordered.mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                partition -> connectionRows(partition, columns, timeouts, dataEndNanos),
            ConnectionTable.ROWS.encoder());
    // The encoder's schema has the catalog's names and types but not its comments.
    return TableShape.conform(connections, ConnectionTable.CATALOG);
  }

  /**
   * The packet columns the tracker reads, hash-partitioned by protocol and unordered address pair
   * and sorted within each partition by pair, then time, then position in the capture.
   */
  private static Dataset<Row> byAddressPairAndTime(Dataset<Row> packets) {
    Column source = col(FlowPacketColumns.SOURCE);
    Column destination = col(FlowPacketColumns.DESTINATION);
    List<Column> columns = new ArrayList<>();
    FlowPacketColumns.NAMES.forEach(name -> columns.add(col(name)));
    columns.add(AddressOrder.lower(source, destination).as(LOW_ADDRESS));
    columns.add(AddressOrder.higher(source, destination).as(HIGH_ADDRESS));
    columns.add(col(RECORD_OFFSET));
    Column protocol = col(FlowPacketColumns.PROTOCOL);
    return packets
        .select(columns.toArray(Column[]::new))
        .repartition(protocol, col(LOW_ADDRESS), col(HIGH_ADDRESS))
        .sortWithinPartitions(
            protocol,
            col(LOW_ADDRESS),
            col(HIGH_ADDRESS),
            col(FlowPacketColumns.TIME),
            col(PacketTable.CAPTURE_ID),
            col(RECORD_OFFSET));
  }

  /** The rows of the connections of one partition of sorted packet rows. */
  private static Iterator<Row> connectionRows(
      Iterator<Row> rows, FlowPacketColumns columns, FlowTimeouts timeouts, long dataEndNanos) {
    Iterator<FlowPacket> packets =
        StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
            .map(columns::packet)
            .iterator();
    Iterator<Connection> connections = new TrackedConnections(packets, timeouts, dataEndNanos);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(connections, Spliterator.ORDERED), false)
        .map(ConnectionTable::toRow)
        .iterator();
  }

  /** The dates the packets of some captures fall on: what an ingest run of them changed. */
  public static Set<LocalDate> datesOf(
      SparkSession spark, String packetsTable, Collection<String> captureIds) throws IOException {
    Path table = new Path(packetsTable);
    return PartitionDates.of(
        table.getFileSystem(spark.sparkContext().hadoopConfiguration()), table, captureIds);
  }
}
