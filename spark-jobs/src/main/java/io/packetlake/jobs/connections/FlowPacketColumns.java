package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.source.PacketTable;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the {@code packets} table that connection tracking reads, and how a row of them
 * becomes a {@link FlowPacket}. Each value is found by its column's name in the schema of the rows
 * read; null values become {@link FlowPacket#ABSENT} (false for the fragment flag).
 */
final class FlowPacketColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String TIME = "packet_time_ns";
  static final String SOURCE = "src_address";
  static final String DESTINATION = "dst_address";
  static final String PROTOCOL = "ip_protocol";
  static final String SOURCE_PORT = "src_port";
  static final String DESTINATION_PORT = "dst_port";
  static final String ICMP_TYPE = "icmp_type";
  static final String ICMP_CODE = "icmp_code";
  static final String TCP_FLAGS = "tcp_flags";
  static final String TCP_SEQUENCE = "tcp_seq";
  static final String PAYLOAD_LENGTH = "payload_length";
  static final String FRAME_LENGTH = "frame_length";
  static final String IP_TOTAL_LENGTH = "ip_total_length";
  static final String IP_IDENTIFICATION = "ip_id";
  static final String FRAGMENT = "is_fragment";
  static final String FRAGMENT_OFFSET = "ip_fragment_offset";
  static final String CAPTURE_ID = PacketTable.CAPTURE_ID;

  /** Every column read. */
  static final List<String> NAMES =
      List.of(
          TIME,
          SOURCE,
          DESTINATION,
          PROTOCOL,
          SOURCE_PORT,
          DESTINATION_PORT,
          ICMP_TYPE,
          ICMP_CODE,
          TCP_FLAGS,
          TCP_SEQUENCE,
          PAYLOAD_LENGTH,
          FRAME_LENGTH,
          IP_TOTAL_LENGTH,
          IP_IDENTIFICATION,
          FRAGMENT,
          FRAGMENT_OFFSET,
          CAPTURE_ID);

  private final int timestamp;
  private final int source;
  private final int destination;
  private final int protocol;
  private final int sourcePort;
  private final int destinationPort;
  private final int icmpType;
  private final int icmpCode;
  private final int tcpFlags;
  private final int tcpSequence;
  private final int payloadLength;
  private final int frameLength;
  private final int ipTotalLength;
  private final int ipIdentification;
  private final int fragment;
  private final int fragmentOffset;
  private final int captureId;

  /** Reads rows of {@code schema}, which holds every column of {@link #NAMES}. */
  FlowPacketColumns(StructType schema) {
    requireNonNull(schema, "schema is null");
    timestamp = schema.fieldIndex(TIME);
    source = schema.fieldIndex(SOURCE);
    destination = schema.fieldIndex(DESTINATION);
    protocol = schema.fieldIndex(PROTOCOL);
    sourcePort = schema.fieldIndex(SOURCE_PORT);
    destinationPort = schema.fieldIndex(DESTINATION_PORT);
    icmpType = schema.fieldIndex(ICMP_TYPE);
    icmpCode = schema.fieldIndex(ICMP_CODE);
    tcpFlags = schema.fieldIndex(TCP_FLAGS);
    tcpSequence = schema.fieldIndex(TCP_SEQUENCE);
    payloadLength = schema.fieldIndex(PAYLOAD_LENGTH);
    frameLength = schema.fieldIndex(FRAME_LENGTH);
    ipTotalLength = schema.fieldIndex(IP_TOTAL_LENGTH);
    ipIdentification = schema.fieldIndex(IP_IDENTIFICATION);
    fragment = schema.fieldIndex(FRAGMENT);
    fragmentOffset = schema.fieldIndex(FRAGMENT_OFFSET);
    captureId = schema.fieldIndex(CAPTURE_ID);
  }

  /** The packet of a row whose timestamp, addresses and protocol are not null. */
  FlowPacket packet(Row row) {
    return new FlowPacket(
        row.getLong(timestamp),
        row.getString(source),
        row.getString(destination),
        row.getInt(protocol),
        intOrAbsent(row, sourcePort),
        intOrAbsent(row, destinationPort),
        intOrAbsent(row, icmpType),
        intOrAbsent(row, icmpCode),
        intOrAbsent(row, tcpFlags),
        longOrAbsent(row, tcpSequence),
        intOrAbsent(row, payloadLength),
        intOrAbsent(row, frameLength),
        intOrAbsent(row, ipTotalLength),
        longOrAbsent(row, ipIdentification),
        !row.isNullAt(fragment) && row.getBoolean(fragment),
        intOrAbsent(row, fragmentOffset),
        row.getString(captureId));
  }

  private static int intOrAbsent(Row row, int index) {
    return row.isNullAt(index) ? FlowPacket.ABSENT : row.getInt(index);
  }

  private static long longOrAbsent(Row row, int index) {
    return row.isNullAt(index) ? FlowPacket.ABSENT : row.getLong(index);
  }
}
