package io.packetlake.jobs.connections;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code connections} table: one row per connection (see docs/ARCHITECTURE.md, "Connections",
 * for the rules). "Originator" is the seed features' "src", "responder" their "dst". Columns are
 * only ever added at the end. Partitioned by {@link #DATE}, the UTC date of the connection's first
 * packet.
 */
public final class ConnectionTable {
  public static final String NAME = "connections";
  public static final String DATE = "date";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(
                "connection_id",
                DataTypes.StringType,
                false,
                "Stable id: 20 hex digits of SHA-256 over protocol, originator and responder address and port, and start_ns"),
            field("protocol", DataTypes.IntegerType, false, "IP protocol number"),
            field(
                "protocol_name",
                DataTypes.StringType,
                false,
                "tcp, udp, icmp, icmpv6, ... or the protocol number as text"),
            field("ip_version", DataTypes.IntegerType, false, "4 or 6"),
            field(
                "originator_address",
                DataTypes.StringType,
                false,
                "Address of the side that started the connection: the sender of the first packet, or the receiver when the first packet is a SYN-ACK"),
            field(
                "originator_port",
                DataTypes.IntegerType,
                true,
                "TCP/UDP port of the originator; for ICMP the type of the first message; null for other protocols and port-less fragments"),
            field("responder_address", DataTypes.StringType, false, "Address of the other side"),
            field(
                "responder_port",
                DataTypes.IntegerType,
                true,
                "TCP/UDP port of the responder; for ICMP the code of the first message; null for other protocols"),
            field(
                "start",
                DataTypes.TimestampType,
                false,
                "Seed B2: capture time of the first packet (UTC, microseconds)"),
            field(
                "end",
                DataTypes.TimestampType,
                false,
                "Seed B3: capture time of the last packet, teardown packets within the linger included"),
            field("start_ns", DataTypes.LongType, false, "start in nanoseconds since the epoch"),
            field("end_ns", DataTypes.LongType, false, "end in nanoseconds since the epoch"),
            field(
                "duration",
                DataTypes.DoubleType,
                false,
                "Seed B1: end minus start in seconds (0 for a single packet)"),
            field(
                "originator_packets",
                DataTypes.LongType,
                false,
                "Seed B4: packets from originator (src) to responder (dst)"),
            field(
                "responder_packets",
                DataTypes.LongType,
                false,
                "Seed B5: packets from responder (dst) to originator (src)"),
            field(
                "originator_bytes",
                DataTypes.LongType,
                false,
                "Seed B6: wire bytes (sum of frame lengths, as tshark's conversation table) from originator to responder"),
            field(
                "responder_bytes",
                DataTypes.LongType,
                false,
                "Seed B7: wire bytes (sum of frame lengths) from responder to originator"),
            field(
                "originator_ip_bytes",
                DataTypes.LongType,
                false,
                "Sum of IP total lengths (headers included) from originator to responder"),
            field(
                "responder_ip_bytes",
                DataTypes.LongType,
                false,
                "Sum of IP total lengths from responder to originator"),
            field(
                "originator_payload_bytes",
                DataTypes.LongType,
                false,
                "Sum of TCP/UDP payload lengths from originator to responder (0 for other protocols)"),
            field(
                "responder_payload_bytes",
                DataTypes.LongType,
                false,
                "Sum of TCP/UDP payload lengths from responder to originator"),
            field(
                "fragmented_packets",
                DataTypes.LongType,
                false,
                "Seed B8: packets that are IP fragments (IPv4 MF set or offset > 0, IPv6 fragment header); non-first fragments join the connection of their first fragment"),
            field("ack_packets", DataTypes.LongType, false, "Seed B9: TCP packets with ACK set"),
            field(
                "retransmitted_packets",
                DataTypes.LongType,
                false,
                "Seed B10: TCP segments consuming sequence space (payload, SYN or FIN) that start before the highest sequence end already sent in their direction (32-bit wraparound), out-of-order segments excluded; both directions"),
            field("psh_packets", DataTypes.LongType, false, "Seed B11: TCP packets with PSH set"),
            field("syn_packets", DataTypes.LongType, false, "Seed B12: TCP packets with SYN set"),
            field("fin_packets", DataTypes.LongType, false, "Seed B13: TCP packets with FIN set"),
            field(
                "tcp_flag_count",
                DataTypes.LongType,
                false,
                "Seed B14: TCP header flag bits set (FIN SYN RST PSH ACK URG ECE CWR NS; reserved bits not counted), summed over all packets"),
            field("urg_packets", DataTypes.LongType, false, "Seed B15: TCP packets with URG set"),
            field(
                "sequence_packets",
                DataTypes.LongType,
                false,
                "Seed B16: TCP packets that consume sequence space: payload > 0, or SYN, or FIN"),
            field("rst_packets", DataTypes.LongType, false, "TCP packets with RST set"),
            field("ece_packets", DataTypes.LongType, false, "TCP packets with ECE set"),
            field("cwr_packets", DataTypes.LongType, false, "TCP packets with CWR set"),
            field(
                "originator_retransmitted_packets",
                DataTypes.LongType,
                false,
                "retransmitted_packets sent by the originator"),
            field(
                "responder_retransmitted_packets",
                DataTypes.LongType,
                false,
                "retransmitted_packets sent by the responder"),
            field(
                "out_of_order_packets",
                DataTypes.LongType,
                false,
                "TCP segments that fill the latest sequence gap of their direction within the reordering window (3 ms) after it opened; both directions"),
            field(
                "connection_state",
                DataTypes.StringType,
                false,
                "Zeek conn_state: S0 attempt unanswered, S1 established, SF established and FIN both ways (non-TCP: packets both ways), REJ SYN answered by RST, S2/S3 FIN from originator/responder only, RSTO/RSTR established and reset by originator/responder, RSTOS0, RSTRH, SH, SHR, OTH midstream"),
            field(
                "end_reason",
                DataTypes.StringType,
                false,
                "IDLE_TIMEOUT (no packet for the protocol's timeout), FIN (both sides), RST, END_OF_DATA (data read ended within the timeout: may continue in later captures)"),
            field(DATE, DataTypes.DateType, false, "UTC date of start (partition)"),
          });

  private ConnectionTable() {}

  public static List<String> columnNames() {
    return List.of(SCHEMA.fieldNames());
  }

  private static StructField field(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }

  public static Row toRow(Connection connection) {
    DirectionCounts originator = connection.originator();
    DirectionCounts responder = connection.responder();
    TcpFlagCounts flags = connection.flags();
    Instant start = instant(connection.startNanos());
    return RowFactory.create(
        connection.connectionId(),
        connection.protocol(),
        IpProtocol.name(connection.protocol()),
        connection.originatorAddress().indexOf(':') >= 0 ? 6 : 4,
        connection.originatorAddress(),
        connection.originatorPort(),
        connection.responderAddress(),
        connection.responderPort(),
        // Spark timestamps hold microseconds; start_ns and end_ns keep the rest.
        start.truncatedTo(ChronoUnit.MICROS),
        instant(connection.endNanos()).truncatedTo(ChronoUnit.MICROS),
        connection.startNanos(),
        connection.endNanos(),
        connection.durationNanos() / (double) NANOS_PER_SECOND,
        originator.packets(),
        responder.packets(),
        originator.wireBytes(),
        responder.wireBytes(),
        originator.ipBytes(),
        responder.ipBytes(),
        originator.payloadBytes(),
        responder.payloadBytes(),
        connection.fragmentedPackets(),
        flags.ack(),
        originator.retransmittedPackets() + responder.retransmittedPackets(),
        flags.psh(),
        flags.syn(),
        flags.fin(),
        flags.flagBits(),
        flags.urg(),
        connection.sequencePackets(),
        flags.rst(),
        flags.ece(),
        flags.cwr(),
        originator.retransmittedPackets(),
        responder.retransmittedPackets(),
        originator.outOfOrderPackets() + responder.outOfOrderPackets(),
        connection.state().name(),
        connection.endReason().name(),
        LocalDate.ofInstant(start, ZoneOffset.UTC));
  }

  /** The UTC date a capture time falls on. */
  public static LocalDate dateOf(long timestampNanos) {
    return LocalDate.ofInstant(instant(timestampNanos), ZoneOffset.UTC);
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
