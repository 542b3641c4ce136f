package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionDirectories;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the minute, hour and day rows are computed from: the packets of the recomputed days reduced
 * to minute cells, and the connections starting on them, both in their two roles and partitioned
 * alike, by address, role and date.
 */
final class ActivityInputs {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityInputs.class);

  static final String PEER = "peer";
  static final String PORT = "port";
  static final String MINUTE = "minute";
  static final String PACKETS = "packets";
  static final String BYTES = "frame_bytes";
  static final String START = ConnectionTable.START_TIME;
  static final String PROTOCOL_NAME = "ip_protocol_name";
  static final String CONNECTION_STATE = "connection_state";
  private static final String ROLE_ROW = "role_row";

  /** Bytes of packets Parquet per shuffle partition: a few million packets. */
  private static final long PACKET_BYTES_PER_PARTITION = 64L << 20;

  private ActivityInputs() {}

  /**
   * Shuffle partitions of the period rows: one per {@value #PACKET_BYTES_PER_PARTITION} bytes of
   * the recomputed days' packets, at least the default parallelism and at most {@code
   * spark.sql.shuffle.partitions}.
   */
  static int shufflePartitions(
      SparkSession spark, FileSystem fileSystem, String packetsPath, Collection<LocalDate> days)
      throws IOException {
    long bytes = 0;
    for (LocalDate day : days) {
      Path directory = new Path(packetsPath, PartitionDirectories.name(PacketTable.DATE, day));
      if (fileSystem.exists(directory)) {
        bytes += fileSystem.getContentSummary(directory).getLength();
      }
    }
    int most = Math.max(1, spark.sessionState().conf().numShufflePartitions());
    int least = Math.min(most, Math.max(1, spark.sparkContext().defaultParallelism()));
    long wanted = (bytes + PACKET_BYTES_PER_PARTITION - 1) / PACKET_BYTES_PER_PARTITION;
    return (int) Math.max(least, Math.min(most, wanted));
  }

  /**
   * Packets of both roles reduced to one row per address, role, minute, peer and destination port:
   * the finest data every minute, hour and day value is computed from. The packets are read once
   * (each packet becomes its two role rows) and hash-partitioned by address, role and date: every
   * later aggregation groups by those columns and more, so it needs no further shuffle.
   */
  static Dataset<Row> minuteCells(Dataset<Row> packets, int partitions) {
    Dataset<Row> ip =
        packets.where(
            col(PacketTable.TIME)
                .isNotNull()
                .and(col("src_address").isNotNull())
                .and(col("dst_address").isNotNull()));
    Column minute = date_trunc(Grain.MINUTE.value(), col(PacketTable.TIME));
    Dataset<Row> roles =
        ip.select(
                explode(
                        array(
                            role(ActivityTable.SOURCE, "src_address", "dst_address"),
                            role(ActivityTable.DESTINATION, "dst_address", "src_address")))
                    .as(ROLE_ROW),
                to_date(minute).as(ActivityTable.PERIOD_DATE),
                minute.as(MINUTE),
                // The service port in both roles: the ports a source reached, the own ports
                // reached.
                col("dst_port").as(PORT),
                col("frame_length"),
                col("tcp_flags"))
            .select(
                col(ROLE_ROW + "." + ActivityTable.ADDRESS).as(ActivityTable.ADDRESS),
                col(ROLE_ROW + "." + ActivityTable.ROLE).as(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(MINUTE),
                col(ROLE_ROW + "." + PEER).as(PEER),
                col(PORT),
                col("frame_length"),
                col("tcp_flags"))
            .repartition(partitions, partitionKey());
    List<Column> sums = new ArrayList<>();
    sums.add(sum(col("frame_length").cast("long")).as(BYTES));
    for (TcpFlag flag : TcpFlag.values()) {
      sums.add(
          sum(when(col("tcp_flags").bitwiseAND(flag.bit()).notEqual(0), 1L).otherwise(0L))
              .as(flag.packetsColumn()));
    }
    return roles
        .groupBy(
            col(ActivityTable.ADDRESS),
            col(ActivityTable.ROLE),
            col(ActivityTable.PERIOD_DATE),
            col(MINUTE),
            col(PEER),
            col(PORT))
        .agg(count(lit(1)).as(PACKETS), sums.toArray(Column[]::new));
  }

  private static Column role(String role, String address, String peer) {
    return struct(
        col(address).as(ActivityTable.ADDRESS),
        lit(role).as(ActivityTable.ROLE),
        col(peer).as(PEER));
  }

  private static Column[] partitionKey() {
    return new Column[] {
      col(ActivityTable.ADDRESS), col(ActivityTable.ROLE), col(ActivityTable.PERIOD_DATE)
    };
  }

  /**
   * Connections of both roles with the date of their start, partitioned like the minute cells so
   * that their counts meet the packet counts without a shuffle.
   */
  static Dataset<Row> connectionRoles(Dataset<Row> connections, int partitions) {
    return connections
        .select(
            explode(
                    array(
                        struct(
                            col("originator_address").as(ActivityTable.ADDRESS),
                            lit(ActivityTable.SOURCE).as(ActivityTable.ROLE)),
                        struct(
                            col("responder_address").as(ActivityTable.ADDRESS),
                            lit(ActivityTable.DESTINATION).as(ActivityTable.ROLE))))
                .as(ROLE_ROW),
            to_date(col(START)).as(ActivityTable.PERIOD_DATE),
            col(START),
            col(PROTOCOL_NAME),
            col(CONNECTION_STATE))
        .select(
            col(ROLE_ROW + "." + ActivityTable.ADDRESS).as(ActivityTable.ADDRESS),
            col(ROLE_ROW + "." + ActivityTable.ROLE).as(ActivityTable.ROLE),
            col(ActivityTable.PERIOD_DATE),
            col(START),
            col(PROTOCOL_NAME),
            col(CONNECTION_STATE))
        .repartition(partitions, partitionKey());
  }

  /** The connections starting on {@code days}; none when the lake has no connections table. */
  static Dataset<Row> connections(SparkSession spark, Lake lake, Collection<LocalDate> days)
      throws IOException {
    String path = lake.table(ConnectionTable.NAME);
    FileSystem fileSystem =
        new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(new Path(path))) {
      LOG.warn("No connections table at {}: connection counts are zero", path);
      return spark.createDataFrame(List.of(), ConnectionTable.CATALOG.schema());
    }
    return ConnectionTable.CATALOG
        .read(spark, path)
        .where(col(ConnectionTable.START_DATE).isInCollection(days));
  }
}
