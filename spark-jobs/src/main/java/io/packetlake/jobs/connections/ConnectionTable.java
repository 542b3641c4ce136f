package io.packetlake.jobs.connections;

import static io.packetlake.jobs.lake.TableColumn.optional;
import static io.packetlake.jobs.lake.TableColumn.required;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableRows;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.framing.EpochNanos;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The {@code connections} table: one row per connection (see docs/ARCHITECTURE.md, "Connections",
 * for the rules), each column declared once with how its value is taken from a {@link Connection}.
 * Columns are only ever added at the end. Partitioned by {@link #START_DATE}, the UTC date of the
 * connection's first packet.
 */
public final class ConnectionTable {
  public static final String NAME = "connections";
  public static final String START_DATE = "start_date";
  public static final String START_TIME = "start_time";
  public static final String START_TIME_NS = "start_time_ns";
  public static final String CONNECTION_ID = "connection_id";
  public static final String ORIGINATOR_ADDRESS = "originator_address";
  public static final String RESPONDER_ADDRESS = "responder_address";
  public static final String RESPONDER_NAME = "responder_name";
  public static final String RESPONDER_NAME_TIME = "responder_name_time";
  public static final String FLOW_KEY_HASH = "flow_key_hash";
  public static final String CAPTURE_IDS = "capture_ids";

  /** The columns and how each value is taken from a connection. */
  public static final TableRows<Connection> ROWS =
      TableRows.<Connection>builder(
              NAME,
              "One row per connection: the packets of one 5-tuple, both directions, from the first"
                  + " packet until an idle timeout, FIN from both sides or RST ends it")
          .column(
              required(
                  CONNECTION_ID,
                  StringType,
                  "Stable id: 20 hex digits of SHA-256 over protocol, originator and responder"
                      + " address and port, and start_time_ns. Zeek's uid"),
              Connection::connectionId)
          .column(
              required(
                  FLOW_KEY_HASH,
                  LongType,
                  "Direction-free hash of the connection's flow key: the packets table's"
                      + " flow_key_hash of its packets (with packet_time_ns between start_time_ns"
                      + " and end_time_ns)"),
              Connection::flowKeyHash)
          .column(
              required(
                  "ip_protocol", IntegerType, "IP protocol number (Zeek's proto, as a number)"),
              Connection::protocol)
          .column(
              required(
                  "ip_protocol_name",
                  StringType,
                  "tcp, udp, icmp, icmpv6, ... or the protocol number as text (Zeek's proto)"),
              connection -> IpProtocols.name(connection.protocol()))
          .column(
              required("ip_version", IntegerType, "4 or 6"),
              connection -> connection.originatorAddress().indexOf(':') >= 0 ? 6 : 4)
          .column(
              required(
                  ORIGINATOR_ADDRESS,
                  StringType,
                  "Address of the side that started the connection: the sender of the first"
                      + " packet, or the receiver when the first packet is a SYN-ACK. Zeek's"
                      + " id.orig_h"),
              Connection::originatorAddress)
          .column(
              optional(
                  "originator_port",
                  IntegerType,
                  "TCP/UDP port of the originator; for ICMP the type of the first message; null"
                      + " for other protocols and port-less fragments. Zeek's id.orig_p"),
              Connection::originatorPort)
          .column(
              required(
                  RESPONDER_ADDRESS, StringType, "Address of the other side. Zeek's id.resp_h"),
              Connection::responderAddress)
          .column(
              optional(
                  "responder_port",
                  IntegerType,
                  "TCP/UDP port of the responder; for ICMP the code of the first message; null for"
                      + " other protocols. Zeek's id.resp_p"),
              Connection::responderPort)
          // Spark timestamps hold microseconds; start_time_ns and end_time_ns keep the rest.
          .column(
              required(
                  START_TIME,
                  TimestampType,
                  "Capture time of the first packet (UTC, microseconds). Zeek's ts"),
              connection -> EpochNanos.toMicrosecondInstant(connection.startNanos()))
          .column(
              required(
                  "end_time",
                  TimestampType,
                  "Capture time of the last packet, teardown packets within the linger included"),
              connection -> EpochNanos.toMicrosecondInstant(connection.endNanos()))
          .column(
              required(START_TIME_NS, LongType, "start_time in nanoseconds since the epoch"),
              Connection::startNanos)
          .column(
              required("end_time_ns", LongType, "end_time in nanoseconds since the epoch"),
              Connection::endNanos)
          .column(
              required(
                  "duration",
                  DoubleType,
                  "end_time minus start_time in seconds (0 for a single packet). Zeek's duration"),
              connection -> connection.durationNanos() / (double) EpochNanos.NANOS_PER_SECOND)
          .column(
              required(
                  "originator_packets",
                  LongType,
                  "Packets from originator to responder. Zeek's orig_pkts, nfstream's"
                      + " src2dst_packets"),
              connection -> connection.originator().packets())
          .column(
              required(
                  "responder_packets",
                  LongType,
                  "Packets from responder to originator. Zeek's resp_pkts, nfstream's"
                      + " dst2src_packets"),
              connection -> connection.responder().packets())
          .column(
              required(
                  "originator_frame_bytes",
                  LongType,
                  "Frame bytes (sum of frame lengths on the wire, as tshark's conversation"
                      + " table) from originator to responder. nfstream's src2dst_bytes"),
              connection -> connection.originator().wireBytes())
          .column(
              required(
                  "responder_frame_bytes",
                  LongType,
                  "Frame bytes (sum of frame lengths on the wire) from responder to originator."
                      + " nfstream's dst2src_bytes"),
              connection -> connection.responder().wireBytes())
          .column(
              required(
                  "originator_ip_bytes",
                  LongType,
                  "IP bytes (sum of IP total lengths, headers included) from originator to"
                      + " responder. Zeek's orig_ip_bytes"),
              connection -> connection.originator().ipBytes())
          .column(
              required(
                  "responder_ip_bytes",
                  LongType,
                  "IP bytes (sum of IP total lengths) from responder to originator. Zeek's"
                      + " resp_ip_bytes"),
              connection -> connection.responder().ipBytes())
          .column(
              required(
                  "originator_payload_bytes",
                  LongType,
                  "Payload bytes (sum of TCP/UDP payload lengths on the wire) from originator to"
                      + " responder (0 for other protocols). Like Zeek's orig_bytes, which counts"
                      + " TCP bytes by sequence numbers instead"),
              connection -> connection.originator().payloadBytes())
          .column(
              required(
                  "responder_payload_bytes",
                  LongType,
                  "Payload bytes (sum of TCP/UDP payload lengths) from responder to originator."
                      + " Like Zeek's resp_bytes"),
              connection -> connection.responder().payloadBytes())
          .column(
              required(
                  "fragmented_packets",
                  LongType,
                  "Packets that are IP fragments (IPv4 MF set or offset > 0, IPv6 fragment"
                      + " header); non-first fragments join the connection of their first"
                      + " fragment"),
              Connection::fragmentedPackets)
          .column(
              required("ack_packets", LongType, "TCP packets with ACK set"),
              connection -> connection.flags().ack())
          .column(
              required(
                  "retransmitted_packets",
                  LongType,
                  "TCP segments consuming sequence space (payload, SYN or FIN) that start before"
                      + " the highest sequence end already sent in their direction (32-bit"
                      + " wraparound), out-of-order segments excluded; both directions"),
              connection ->
                  connection.originator().retransmittedPackets()
                      + connection.responder().retransmittedPackets())
          .column(
              required("psh_packets", LongType, "TCP packets with PSH set"),
              connection -> connection.flags().psh())
          .column(
              required("syn_packets", LongType, "TCP packets with SYN set"),
              connection -> connection.flags().syn())
          .column(
              required("fin_packets", LongType, "TCP packets with FIN set"),
              connection -> connection.flags().fin())
          .column(
              required(
                  "tcp_flag_count",
                  LongType,
                  "TCP header flag bits set (FIN SYN RST PSH ACK URG ECE CWR NS; reserved bits not"
                      + " counted), summed over all packets"),
              connection -> connection.flags().flagBits())
          .column(
              required("urg_packets", LongType, "TCP packets with URG set"),
              connection -> connection.flags().urg())
          .column(
              required(
                  "sequence_packets",
                  LongType,
                  "TCP packets that consume sequence space: payload > 0, or SYN, or FIN"),
              Connection::sequencePackets)
          .column(
              required("rst_packets", LongType, "TCP packets with RST set"),
              connection -> connection.flags().rst())
          .column(
              required("ece_packets", LongType, "TCP packets with ECE set"),
              connection -> connection.flags().ece())
          .column(
              required("cwr_packets", LongType, "TCP packets with CWR set"),
              connection -> connection.flags().cwr())
          .column(
              required(
                  "originator_retransmitted_packets",
                  LongType,
                  "retransmitted_packets sent by the originator"),
              connection -> connection.originator().retransmittedPackets())
          .column(
              required(
                  "responder_retransmitted_packets",
                  LongType,
                  "retransmitted_packets sent by the responder"),
              connection -> connection.responder().retransmittedPackets())
          .column(
              required(
                  "out_of_order_packets",
                  LongType,
                  "TCP segments that fill the latest sequence gap of their direction within the"
                      + " reordering window (3 ms) after it opened; both directions"),
              connection ->
                  connection.originator().outOfOrderPackets()
                      + connection.responder().outOfOrderPackets())
          .column(
              required(
                  "connection_state",
                  StringType,
                  "Zeek's conn_state: S0 no answer, S1 established, SF established and closed both"
                      + " ways (non-TCP: packets both ways), REJ rejected by RST, S2/S3 FIN from"
                      + " originator/responder only, RSTO/RSTR reset by either, RSTOS0, RSTRH, SH,"
                      + " SHR, OTH midstream"),
              connection -> connection.state().name())
          .column(
              required(
                  "end_reason",
                  StringType,
                  "IDLE_TIMEOUT (no packet for the protocol's timeout), FIN (both sides), RST,"
                      + " END_OF_DATA (data read ended within the timeout: may continue in later"
                      + " captures)"),
              connection -> connection.endReason().name())
          .column(
              required(
                  CAPTURE_IDS,
                  createArrayType(StringType),
                  "capture_id of every capture holding packets of the connection, sorted: the"
                      + " packets table's partitions to read for them"),
              // A Row holds an array column as a Java array or a Scala Seq, never a List.
              connection -> connection.captureIds().toArray(String[]::new))
          // Filled from the dns table after the rows are made (ResponderNames): no Connection knows
          // them. Added after the other data columns and before the partition column, which every
          // reader shows last.
          .column(
              optional(
                  RESPONDER_NAME,
                  StringType,
                  "DNS name the originator resolved to responder_address: query_name_normalized of"
                      + " the last DNS response with that address in answer_addresses received by"
                      + " the originator within 1 h (--responder-name-window) up to start_time;"
                      + " else null"),
              connection -> null)
          .column(
              optional(
                  RESPONDER_NAME_TIME,
                  TimestampType,
                  "message_time of the DNS response responder_name was taken from: start_time"
                      + " minus it is the answer's age; null when responder_name is"),
              connection -> null)
          .column(
              required(START_DATE, DateType, "UTC date of start_time (partition)"),
              connection -> dateOf(connection.startNanos()))
          .build(List.of(START_DATE));

  public static final TableCatalog CATALOG = ROWS.catalog();

  private ConnectionTable() {}

  /** The row of a connection, with the table's schema. */
  public static Row toRow(Connection connection) {
    return ROWS.row(connection);
  }

  /** The UTC date a capture time falls on. */
  public static LocalDate dateOf(long timestampNanos) {
    return LocalDate.ofEpochDay(EpochNanos.toEpochDay(timestampNanos));
  }
}
