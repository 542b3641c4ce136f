package io.packetlake.jobs.source;

import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.Tunnel;
import io.packetlake.pcap.framing.PacketRecord;
import java.time.Instant;
import java.time.LocalDate;
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
 * The {@code packets} table: one row per framed record. The schema is part of the lake's contract;
 * columns are only ever added at the end. Absent header fields are null. Partitioned by {@link
 * #DATE} and {@link #CAPTURE_ID}.
 *
 * <p>Rows carry {@link Instant} and {@link LocalDate} values: sessions that build them run with
 * {@code spark.sql.datetime.java8API.enabled} (see {@code SparkSessions}).
 */
public final class PacketTable {
  public static final String NAME = "packets";
  public static final String DATE = "date";
  public static final String CAPTURE_ID = "capture_id";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(
                "capture_file",
                DataTypes.StringType,
                false,
                "Capture file the packet was read from"),
            field(
                "record_offset",
                DataTypes.LongType,
                false,
                "Byte offset of the record in the capture file"),
            field(
                "frame_status",
                DataTypes.StringType,
                false,
                "Framing outcome: OK, TRUNCATED (file ended inside the record), CORRUPT_REGION (bytes skipped up to the next provable record)"),
            field(
                "decode_status",
                DataTypes.StringType,
                false,
                "Header decoding outcome: OK, NOT_IP, UNSUPPORTED_LINK_TYPE, TRUNCATED, MALFORMED_*; FRAME_NOT_DECODED when the frame was not complete"),
            field(
                "timestamp",
                DataTypes.TimestampType,
                true,
                "Capture time (UTC, microsecond precision); null when the format gives none"),
            field(
                "timestamp_ns",
                DataTypes.LongType,
                true,
                "Capture time in nanoseconds since the Unix epoch"),
            field(
                "frame_length",
                DataTypes.IntegerType,
                false,
                "Seed A1: Ethernet size, the frame length on the wire (orig_len)"),
            field(
                "captured_length",
                DataTypes.IntegerType,
                false,
                "Bytes captured (incl_len); less than frame_length when cut by the snaplen"),
            field("link_type", DataTypes.IntegerType, false, "LINKTYPE_* of the capture interface"),
            field("eth_dst", DataTypes.StringType, true, "Seed A2: Ethernet destination MAC"),
            field("eth_src", DataTypes.StringType, true, "Seed A3: Ethernet source MAC"),
            field(
                "ether_type",
                DataTypes.IntegerType,
                true,
                "Seed A4: outer EtherType (0x8100 when VLAN-tagged; the protocol field for Linux cooked captures)"),
            field("vlan_id", DataTypes.IntegerType, true, "Outer 802.1Q/802.1ad VLAN id"),
            field("vlan_count", DataTypes.IntegerType, false, "Number of VLAN tags"),
            field("ip_version", DataTypes.IntegerType, true, "4 or 6"),
            field(
                "ip_header_length",
                DataTypes.IntegerType,
                true,
                "Seed A5: IP header length in bytes (IPv6: 40 plus extension headers)"),
            field(
                "ip_ttl",
                DataTypes.IntegerType,
                true,
                "Seed A6: IPv4 time to live or IPv6 hop limit"),
            field(
                "ip_protocol",
                DataTypes.IntegerType,
                true,
                "Seed A7: IP protocol; for IPv6 the upper-layer protocol after extension headers"),
            field(
                "ip_total_length",
                DataTypes.IntegerType,
                true,
                "Seed A8: IP total length (IPv6: 40 + payload length)"),
            field(
                "ip_tos",
                DataTypes.IntegerType,
                true,
                "Seed A9: IPv4 type-of-service byte (DSCP/ECN) or IPv6 traffic class"),
            field(
                "ip_src",
                DataTypes.StringType,
                true,
                "Seed A10: IP source (dotted quad or RFC 5952 text)"),
            field("ip_dst", DataTypes.StringType, true, "Seed A11: IP destination"),
            field(
                "ip_id",
                DataTypes.LongType,
                true,
                "IPv4 identification, or IPv6 fragment header identification"),
            field("ip_dont_fragment", DataTypes.BooleanType, true, "IPv4 DF flag"),
            field(
                "ip_more_fragments",
                DataTypes.BooleanType,
                true,
                "IPv4 MF flag or IPv6 fragment header M flag"),
            field("ip_fragment_offset", DataTypes.IntegerType, true, "Fragment offset in bytes"),
            field(
                "is_fragment",
                DataTypes.BooleanType,
                false,
                "IPv4 with MF set or offset > 0, or IPv6 with a fragment header"),
            field(
                "ipv6_next_header",
                DataTypes.IntegerType,
                true,
                "First IPv6 next header (may be an extension header)"),
            field("ipv6_flow_label", DataTypes.IntegerType, true, "IPv6 flow label"),
            field("src_port", DataTypes.IntegerType, true, "TCP or UDP source port"),
            field("dst_port", DataTypes.IntegerType, true, "TCP or UDP destination port"),
            field("tcp_src_port", DataTypes.IntegerType, true, "Seed A12: TCP source port"),
            field("tcp_dst_port", DataTypes.IntegerType, true, "Seed A13: TCP destination port"),
            field("udp_src_port", DataTypes.IntegerType, true, "Seed A14: UDP source port"),
            field("udp_dst_port", DataTypes.IntegerType, true, "Seed A15: UDP destination port"),
            field("udp_length", DataTypes.IntegerType, true, "Seed A16: UDP length field"),
            field("tcp_seq", DataTypes.LongType, true, "TCP sequence number (raw, unsigned)"),
            field("tcp_ack", DataTypes.LongType, true, "TCP acknowledgment number (raw, unsigned)"),
            field(
                "tcp_flags",
                DataTypes.IntegerType,
                true,
                "TCP flag bits as tshark's tcp.flags: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80 NS 0x100, reserved 0xE00"),
            field("tcp_window", DataTypes.IntegerType, true, "TCP window field (unscaled)"),
            field("tcp_header_length", DataTypes.IntegerType, true, "TCP header length in bytes"),
            field(
                "payload_length",
                DataTypes.IntegerType,
                true,
                "Transport payload bytes (TCP segment data, UDP data)"),
            field(
                "icmp_type",
                DataTypes.IntegerType,
                true,
                "Seed A17: ICMP or ICMPv6 type (see ip_protocol 1 or 58)"),
            field("icmp_code", DataTypes.IntegerType, true, "Seed A18: ICMP or ICMPv6 code"),
            field(
                "tunnel",
                DataTypes.StringType,
                true,
                "Encapsulation whose inner packet is not decoded (IPIP, IPV6_IN_IPV4, GRE, VXLAN, GENEVE, GTP_U, L2TP, TEREDO)"),
            field(DATE, DataTypes.DateType, true, "UTC date of the capture time (partition)"),
            field(
                CAPTURE_ID,
                DataTypes.StringType,
                false,
                "Stable id of the capture (partition): 16 hex digits of SHA-256 over its size and its first"
                    + " and last MiB, the same whatever the file is called"),
          });

  private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;
  private static final int IS_FRAGMENT = SCHEMA.fieldIndex("is_fragment");

  /** What goes in decode_status when the frame itself was not complete. */
  public static final String FRAME_NOT_DECODED = "FRAME_NOT_DECODED";

  private PacketTable() {}

  public static List<String> columnNames() {
    return List.of(SCHEMA.fieldNames());
  }

  private static StructField field(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }

  /** The row of one record; {@code headers} is null when the frame was not decoded. */
  public static Row toRow(PacketRecord record, PacketHeaders headers, String captureId) {
    Object[] values = new Object[SCHEMA.size()];
    int i = 0;
    values[i++] = record.source();
    values[i++] = record.offset();
    values[i++] = record.status().name();
    values[i++] = headers == null ? FRAME_NOT_DECODED : headers.status().name();
    if (record.hasTimestamp()) {
      long nanos = record.timestampNanos();
      Instant instant =
          Instant.ofEpochSecond(
              Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
      // Spark timestamps hold microseconds; timestamp_ns keeps the rest.
      values[i++] = instant.truncatedTo(ChronoUnit.MICROS);
      values[i++] = nanos;
    } else {
      values[i++] = null;
      values[i++] = null;
    }
    values[i++] = record.originalLength();
    values[i++] = record.capturedLength();
    values[i++] = record.linkType();
    if (headers == null) {
      values[i++] = null; // eth_dst
      values[i++] = null; // eth_src
      values[i++] = null; // ether_type
      values[i++] = null; // vlan_id
      values[i++] = 0; // vlan_count
      for (; i < SCHEMA.size() - 2; i++) {
        values[i] = i == IS_FRAGMENT ? Boolean.FALSE : null;
      }
    } else {
      values[i++] = headers.ethernetDestination() < 0 ? null : headers.ethernetDestinationText();
      values[i++] = headers.ethernetSource() < 0 ? null : headers.ethernetSourceText();
      values[i++] = present(headers.etherType());
      values[i++] = present(headers.vlanId());
      values[i++] = headers.vlanCount();
      boolean ip = headers.ipVersion() > 0;
      values[i++] = ip ? headers.ipVersion() : null;
      values[i++] = ip ? present(headers.ipHeaderLength()) : null;
      values[i++] = ip ? present(headers.ttl()) : null;
      values[i++] = ip ? present(headers.ipProtocol()) : null;
      values[i++] = ip ? present(headers.ipTotalLength()) : null;
      values[i++] = ip ? present(headers.ipTos()) : null;
      values[i++] = ip ? headers.sourceAddressText() : null;
      values[i++] = ip ? headers.destinationAddressText() : null;
      values[i++] = headers.ipIdentification() < 0 ? null : headers.ipIdentification();
      values[i++] = headers.ipVersion() == 4 ? headers.dontFragment() : null;
      values[i++] = ip ? headers.moreFragments() : null;
      values[i++] = ip ? present(headers.fragmentOffset()) : null;
      values[i++] = headers.fragment();
      values[i++] = headers.ipVersion() == 6 ? present(headers.ipv6NextHeader()) : null;
      values[i++] = headers.ipVersion() == 6 ? present(headers.flowLabel()) : null;
      Integer sourcePort = present(headers.sourcePort());
      Integer destinationPort = present(headers.destinationPort());
      boolean tcp = headers.ipProtocol() == 6 && headers.tcpFlags() >= 0;
      boolean udp = headers.ipProtocol() == 17 && headers.udpLength() >= 0;
      values[i++] = sourcePort;
      values[i++] = destinationPort;
      values[i++] = tcp ? sourcePort : null;
      values[i++] = tcp ? destinationPort : null;
      values[i++] = udp ? sourcePort : null;
      values[i++] = udp ? destinationPort : null;
      values[i++] = udp ? present(headers.udpLength()) : null;
      values[i++] = tcp ? headers.tcpSequence() : null;
      values[i++] = tcp ? headers.tcpAcknowledgment() : null;
      values[i++] = tcp ? present(headers.tcpFlags()) : null;
      values[i++] = tcp ? present(headers.tcpWindow()) : null;
      values[i++] = tcp ? present(headers.tcpHeaderLength()) : null;
      values[i++] = present(headers.payloadLength());
      values[i++] = present(headers.icmpType());
      values[i++] = present(headers.icmpCode());
      values[i++] = headers.tunnel() == Tunnel.NONE ? null : headers.tunnel().name();
    }
    values[i++] =
        record.hasTimestamp()
            ? LocalDate.ofEpochDay(Math.floorDiv(record.timestampNanos(), NANOS_PER_DAY))
            : null;
    values[i++] = captureId;
    return RowFactory.create(values);
  }

  private static Integer present(int value) {
    return value < 0 ? null : value;
  }
}
