package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.ColumnType.BOOLEAN;
import static io.packetlake.pcap.decode.ColumnType.INT;
import static io.packetlake.pcap.decode.ColumnType.LONG;
import static io.packetlake.pcap.decode.ColumnType.TEXT;
import static io.packetlake.pcap.decode.PacketColumn.Nullability.OPTIONAL;
import static io.packetlake.pcap.decode.PacketColumn.Nullability.REQUIRED;
import static io.packetlake.pcap.decode.PacketColumn.Printed.AS_VALUE;
import static io.packetlake.pcap.decode.PacketColumn.Printed.HEX_2;
import static io.packetlake.pcap.decode.PacketColumn.Printed.HEX_4;
import static io.packetlake.pcap.decode.PacketColumn.Printed.HEX_IDENTIFICATION;
import static io.packetlake.pcap.decode.PacketColumn.Printed.NOT_PRINTED;
import static io.packetlake.pcap.decode.PacketColumn.Scope.DECODE_ONLY;
import static io.packetlake.pcap.decode.PacketColumn.Scope.TABLE;
import static io.packetlake.pcap.decode.PacketColumn.Source.CAPTURE;
import static io.packetlake.pcap.decode.PacketColumn.Source.HEADERS;
import static io.packetlake.pcap.decode.PacketColumn.Source.RECORD;

import io.packetlake.pcap.framing.EpochNanos;
import io.packetlake.pcap.framing.FrameStatus;
import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;

/**
 * The columns of the {@code packets} table, declared once: name, type, nullability, what a value
 * means, and how it is filled from a framed record and its decoded {@link PacketHeaders}. The
 * table's schema, its row writer and {@code packetlake decode}'s output ({@link PacketTsv}) are
 * derived from this list and never spell a column out again.
 *
 * <p>Table columns are in the table's order, which is part of the lake's contract: a new table
 * column is appended after the last one. Columns that only {@code decode} prints ({@link
 * Scope#DECODE_ONLY}) sit where they read best; {@link PacketTsv} says in which order {@code
 * decode} prints the columns.
 *
 * <p>The null rules live in the values: a column that belongs to one protocol is null for the
 * others (IP columns without IP, {@code tcp_*} without a TCP header), and a frame that was not
 * decoded (a corrupt region) has the values of a {@link PacketHeaders} holder that was never
 * decoded into: null everywhere but {@code vlan_count} (0), {@code is_fragment} (false) and {@code
 * decode_status} ({@link #FRAME_NOT_DECODED}).
 */
public enum PacketColumn {
  CAPTURE_FILE(
      "capture_file",
      TEXT,
      REQUIRED,
      CAPTURE,
      TABLE,
      NOT_PRINTED,
      "Capture file the packet was read from",
      (column, row, out) -> out.putText(column, row.captureFile())),
  RECORD_OFFSET(
      "record_offset",
      LONG,
      REQUIRED,
      RECORD,
      TABLE,
      AS_VALUE,
      "Byte offset of the record (pcap record header, pcapng block) in the capture file",
      (column, row, out) -> out.putLong(column, row.record().offset())),
  FRAME_STATUS(
      "frame_status",
      TEXT,
      REQUIRED,
      RECORD,
      TABLE,
      AS_VALUE,
      "Framing outcome: OK, TRUNCATED (file ended inside the record), CORRUPT_REGION (bytes skipped"
          + " up to the next provable record)",
      (column, row, out) ->
          out.putText(column, Constants.FRAME_STATUS[row.record().status().ordinal()])),
  DECODE_STATUS(
      "decode_status",
      TEXT,
      REQUIRED,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Header decoding outcome: OK, NOT_IP, UNSUPPORTED_LINK_TYPE, TRUNCATED, MALFORMED_*;"
          + " FRAME_NOT_DECODED when the frame was not complete",
      (column, row, out) ->
          out.putText(
              column,
              row.headers().decoded()
                  ? Constants.DECODE_STATUS[row.headers().status().ordinal()]
                  : Constants.FRAME_NOT_DECODED)),
  PACKET_TIME(
      "packet_time",
      ColumnType.TIMESTAMP,
      OPTIONAL,
      RECORD,
      TABLE,
      AS_VALUE,
      "Capture time of the packet (UTC; the table keeps microseconds, decode prints nanoseconds);"
          + " null when the capture format gives none for the record",
      (column, row, out) -> putTimestamp(column, row, out)),
  PACKET_TIME_NS(
      "packet_time_ns",
      LONG,
      OPTIONAL,
      RECORD,
      TABLE,
      NOT_PRINTED,
      "packet_time in nanoseconds since the Unix epoch",
      (column, row, out) -> putTimestamp(column, row, out)),
  FRAME_LENGTH(
      "frame_length",
      INT,
      REQUIRED,
      RECORD,
      TABLE,
      AS_VALUE,
      "Length of the frame on the wire (orig_len)",
      (column, row, out) -> out.putInt(column, row.record().originalLength())),
  CAPTURED_LENGTH(
      "captured_length",
      INT,
      REQUIRED,
      RECORD,
      TABLE,
      AS_VALUE,
      "Bytes captured (incl_len); less than frame_length when cut by the snaplen",
      (column, row, out) -> out.putInt(column, row.record().capturedLength())),
  LINK_TYPE(
      "link_type",
      INT,
      REQUIRED,
      RECORD,
      TABLE,
      AS_VALUE,
      "LINKTYPE_* of the capture interface",
      (column, row, out) -> out.putInt(column, row.record().linkType())),
  DST_MAC(
      "dst_mac",
      TEXT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Ethernet destination MAC (aa:bb:cc:dd:ee:ff)",
      (column, row, out) -> putMac(column, row, row.headers().ethernetDestination(), out)),
  SRC_MAC(
      "src_mac",
      TEXT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Ethernet source MAC; for Linux cooked captures the link-layer address of the cooked header",
      (column, row, out) -> putMac(column, row, row.headers().ethernetSource(), out)),
  ETHER_TYPE(
      "ether_type",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      HEX_4,
      "Outer EtherType (0x8100 when VLAN-tagged; the protocol field for Linux cooked captures and"
          + " Cisco HDLC); null for 802.3 length frames and links without one",
      (column, row, out) -> out.putPresent(column, row.headers().etherType())),
  VLAN_ID(
      "vlan_id",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Outer 802.1Q/802.1ad VLAN id",
      (column, row, out) -> out.putPresent(column, row.headers().vlanId())),
  VLAN_COUNT(
      "vlan_count",
      INT,
      REQUIRED,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Number of VLAN tags",
      (column, row, out) -> out.putInt(column, row.headers().vlanCount())),
  PAYLOAD_ETHER_TYPE(
      "payload_ether_type",
      INT,
      OPTIONAL,
      HEADERS,
      DECODE_ONLY,
      HEX_4,
      "EtherType after all VLAN tags",
      (column, row, out) -> out.putPresent(column, row.headers().payloadEtherType())),
  IP_VERSION(
      "ip_version",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "4 or 6; null when the packet has no IP header",
      (column, row, out) -> putIf(column, ip(row), row.headers().ipVersion(), out)),
  IP_HEADER_LENGTH(
      "ip_header_length",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IP header length in bytes (IPv4: IHL with options; IPv6: 40 plus extension headers)",
      (column, row, out) -> putIf(column, ip(row), row.headers().ipHeaderLength(), out)),
  IP_TTL(
      "ip_ttl",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IPv4 time to live or IPv6 hop limit",
      (column, row, out) -> putIf(column, ip(row), row.headers().ttl(), out)),
  IP_PROTOCOL(
      "ip_protocol",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IP protocol number; for IPv6 the upper-layer protocol after extension headers",
      (column, row, out) -> putIf(column, ip(row), row.headers().ipProtocol(), out)),
  IP_TOTAL_LENGTH(
      "ip_total_length",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IP total length (IPv6: 40 plus the payload length)",
      (column, row, out) -> putIf(column, ip(row), row.headers().ipTotalLength(), out)),
  IP_TOS(
      "ip_tos",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      HEX_2,
      "IPv4 type-of-service byte (DSCP and ECN) or IPv6 traffic class",
      (column, row, out) -> putIf(column, ip(row), row.headers().ipTos(), out)),
  SRC_ADDRESS(
      "src_address",
      TEXT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IP source address (dotted quad, or RFC 5952 text for IPv6)",
      (column, row, out) -> putAddress(column, row, PacketHeaders::appendSourceAddress, out)),
  DST_ADDRESS(
      "dst_address",
      TEXT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IP destination address (dotted quad, or RFC 5952 text for IPv6)",
      (column, row, out) -> putAddress(column, row, PacketHeaders::appendDestinationAddress, out)),
  IP_ID(
      "ip_id",
      LONG,
      OPTIONAL,
      HEADERS,
      TABLE,
      HEX_IDENTIFICATION,
      "IPv4 identification, or the identification of the IPv6 fragment header",
      (column, row, out) -> out.putPresent(column, row.headers().ipIdentification())),
  IP_DONT_FRAGMENT(
      "ip_dont_fragment",
      BOOLEAN,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IPv4 DF flag; null for IPv6",
      (column, row, out) ->
          putFlagIf(column, row.headers().ipVersion() == 4, row.headers().dontFragment(), out),
      // Like tshark, decode prints a flag only once the flags field was read.
      (column, row, out) ->
          putFlagIf(
              column,
              row.headers().ipVersion() == 4 && flagsRead(row),
              row.headers().dontFragment(),
              out)),
  IP_MORE_FRAGMENTS(
      "ip_more_fragments",
      BOOLEAN,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IPv4 MF flag, or the M flag of the IPv6 fragment header (false without one)",
      (column, row, out) -> putFlagIf(column, ip(row), row.headers().moreFragments(), out),
      (column, row, out) -> putFlagIf(column, flagsRead(row), row.headers().moreFragments(), out)),
  IP_FRAGMENT_OFFSET(
      "ip_fragment_offset",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Fragment offset in bytes (tshark's ip.frag_offset is in 8-byte units); null for IPv6"
          + " without a fragment header",
      (column, row, out) -> putIf(column, ip(row), row.headers().fragmentOffset(), out)),
  IS_FRAGMENT(
      "is_fragment",
      BOOLEAN,
      REQUIRED,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Whether the packet is a fragment: IPv4 with MF set or a non-zero offset, IPv6 with a fragment"
          + " header; false without IP",
      (column, row, out) -> out.putBoolean(column, row.headers().fragment()),
      (column, row, out) ->
          putFlagIf(
              column,
              ip(row) && (flagsRead(row) || row.headers().ipVersion() != 4),
              row.headers().fragment(),
              out)),
  IPV6_NEXT_HEADER(
      "ipv6_next_header",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Next Header of the fixed IPv6 header (may be an extension header)",
      (column, row, out) -> putIf(column, ipv6(row), row.headers().ipv6NextHeader(), out)),
  IPV6_PAYLOAD_LENGTH(
      "ipv6_payload_length",
      INT,
      OPTIONAL,
      HEADERS,
      DECODE_ONLY,
      AS_VALUE,
      "Payload Length of the fixed IPv6 header as carried (0 for jumbograms)",
      (column, row, out) -> putIf(column, ipv6(row), row.headers().ipv6PayloadLength(), out)),
  IPV6_FLOW_LABEL(
      "ipv6_flow_label",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "IPv6 flow label",
      (column, row, out) -> putIf(column, ipv6(row), row.headers().flowLabel(), out)),
  SRC_PORT(
      "src_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP or UDP source port",
      (column, row, out) -> out.putPresent(column, row.headers().sourcePort())),
  DST_PORT(
      "dst_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP or UDP destination port",
      (column, row, out) -> out.putPresent(column, row.headers().destinationPort())),
  TCP_SRC_PORT(
      "tcp_src_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      NOT_PRINTED,
      "TCP source port; null for other protocols",
      (column, row, out) -> putIf(column, tcp(row), row.headers().sourcePort(), out)),
  TCP_DST_PORT(
      "tcp_dst_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      NOT_PRINTED,
      "TCP destination port; null for other protocols",
      (column, row, out) -> putIf(column, tcp(row), row.headers().destinationPort(), out)),
  UDP_SRC_PORT(
      "udp_src_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      NOT_PRINTED,
      "UDP source port; null for other protocols",
      (column, row, out) -> putIf(column, udp(row), row.headers().sourcePort(), out)),
  UDP_DST_PORT(
      "udp_dst_port",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      NOT_PRINTED,
      "UDP destination port; null for other protocols",
      (column, row, out) -> putIf(column, udp(row), row.headers().destinationPort(), out)),
  UDP_LENGTH(
      "udp_length",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "UDP length field (header and data)",
      (column, row, out) -> putIf(column, udp(row), row.headers().udpLength(), out)),
  TCP_SEQ(
      "tcp_seq",
      LONG,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP sequence number (raw, unsigned)",
      (column, row, out) -> putIf(column, tcp(row), row.headers().tcpSequence(), out)),
  TCP_ACK(
      "tcp_ack",
      LONG,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP acknowledgment number (raw, unsigned)",
      (column, row, out) -> putIf(column, tcp(row), row.headers().tcpAcknowledgment(), out)),
  TCP_FLAGS(
      "tcp_flags",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      HEX_4,
      "TCP flag bits as tshark's tcp.flags: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20"
          + " ECE 0x40 CWR 0x80 NS 0x100, reserved 0xE00",
      (column, row, out) -> putIf(column, tcp(row), row.headers().tcpFlags(), out)),
  TCP_WINDOW(
      "tcp_window",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP window field (unscaled)",
      (column, row, out) -> putIf(column, tcp(row), row.headers().tcpWindow(), out)),
  TCP_HEADER_LENGTH(
      "tcp_header_length",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "TCP header length in bytes (data offset)",
      (column, row, out) -> putIf(column, tcp(row), row.headers().tcpHeaderLength(), out)),
  PAYLOAD_LENGTH(
      "payload_length",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Transport payload bytes on the wire (TCP segment data, UDP data)",
      (column, row, out) -> out.putPresent(column, row.headers().payloadLength())),
  ICMP_TYPE(
      "icmp_type",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "ICMP or ICMPv6 type (see ip_protocol 1 or 58)",
      (column, row, out) -> out.putPresent(column, row.headers().icmpType())),
  ICMP_CODE(
      "icmp_code",
      INT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "ICMP or ICMPv6 code",
      (column, row, out) -> out.putPresent(column, row.headers().icmpCode())),
  TUNNEL(
      "tunnel",
      TEXT,
      OPTIONAL,
      HEADERS,
      TABLE,
      AS_VALUE,
      "Encapsulation whose inner packet is not decoded (IPIP, IPV6_IN_IPV4, GRE, VXLAN, GENEVE,"
          + " GTP_U, L2TP, TEREDO)",
      (column, row, out) -> {
        Tunnel tunnel = row.headers().tunnel();
        if (tunnel == Tunnel.NONE) {
          out.putNull(column);
        } else {
          out.putText(column, Constants.TUNNEL[tunnel.ordinal()]);
        }
      }),
  FLOW_KEY_HASH(
      "flow_key_hash",
      LONG,
      OPTIONAL,
      HEADERS,
      TABLE,
      NOT_PRINTED,
      "Direction-free hash of the packet's flow key (protocol, addresses, ports; docs/GLOSSARY.md):"
          + " connections store the same value, so it and a connection's time range find its"
          + " packets. Non-first fragments hash a port-less key; null without IP",
      (column, row, out) -> {
        if (FlowKeys.hasKey(row.headers())) {
          out.putLong(column, row.flowKeyHasher().hash(row.headers()));
        } else {
          out.putNull(column);
        }
      }),
  PACKET_DATE(
      "packet_date",
      ColumnType.DATE,
      OPTIONAL,
      RECORD,
      TABLE,
      NOT_PRINTED,
      "UTC date of packet_time (partition)",
      (column, row, out) -> {
        if (row.record().hasTimestamp()) {
          out.putInt(column, (int) EpochNanos.toEpochDay(row.record().timestampNanos()));
        } else {
          out.putNull(column);
        }
      }),
  CAPTURE_ID(
      "capture_id",
      TEXT,
      REQUIRED,
      CAPTURE,
      TABLE,
      NOT_PRINTED,
      "Stable id of the capture (partition): 16 hex digits of SHA-256 over its size and its first"
          + " and last MiB, the same whatever the file is called",
      (column, row, out) -> out.putText(column, row.captureId()));

  /** What {@code decode_status} holds when the frame itself was not complete. */
  public static final String FRAME_NOT_DECODED = "FRAME_NOT_DECODED";

  /** Where a column's value comes from. */
  public enum Source {
    /** The capture file: the same for every row of it. */
    CAPTURE,
    /** The framed record. */
    RECORD,
    /** The decoded headers: asking for such a column means decoding the packet. */
    HEADERS
  }

  /** Whether a column is stored in the packets table or only printed by {@code decode}. */
  public enum Scope {
    TABLE,
    DECODE_ONLY
  }

  /** How {@code packetlake decode} prints a column, following tshark's conventions. */
  public enum Printed {
    NOT_PRINTED,
    /** Numbers in decimal, flags as 0 or 1, timestamps as seconds with nine decimals, text. */
    AS_VALUE,
    /** {@code 0x} and at least two lowercase hex digits. */
    HEX_2,
    /** {@code 0x} and at least four lowercase hex digits. */
    HEX_4,
    /** {@code 0x} and four hex digits for IPv4's 16-bit field, eight for IPv6's 32-bit one. */
    HEX_IDENTIFICATION
  }

  /** Whether a column may hold null. */
  public enum Nullability {
    REQUIRED,
    OPTIONAL
  }

  /** Computes a column's value for the row and puts it into the sink. */
  @FunctionalInterface
  interface Value {
    void write(PacketColumn column, PacketRow row, ColumnSink out);
  }

  private final String columnName;
  private final ColumnType type;
  private final boolean nullable;
  private final Source source;
  private final Scope scope;
  private final Printed printed;
  private final String comment;
  private final Value value;
  private final Value printedValue;

  PacketColumn(
      String columnName,
      ColumnType type,
      Nullability nullability,
      Source source,
      Scope scope,
      Printed printed,
      String comment,
      Value value) {
    this(columnName, type, nullability, source, scope, printed, comment, value, value);
  }

  PacketColumn(
      String columnName,
      ColumnType type,
      Nullability nullability,
      Source source,
      Scope scope,
      Printed printed,
      String comment,
      Value value,
      Value printedValue) {
    this.columnName = columnName;
    this.type = type;
    this.nullable = nullability == Nullability.OPTIONAL;
    this.source = source;
    this.scope = scope;
    this.printed = printed;
    this.comment = comment;
    this.value = value;
    this.printedValue = printedValue;
  }

  /** The column's name in the table and in {@code decode}'s header line. */
  public String columnName() {
    return columnName;
  }

  public ColumnType type() {
    return type;
  }

  public boolean nullable() {
    return nullable;
  }

  /** What one value means, for analysts. */
  public String comment() {
    return comment;
  }

  public Source source() {
    return source;
  }

  public boolean inTable() {
    return scope == Scope.TABLE;
  }

  public Printed printed() {
    return printed;
  }

  /** Puts the column's value in the packets table for {@code row} into {@code out}. */
  public void write(PacketRow row, ColumnSink out) {
    value.write(this, row, out);
  }

  /**
   * Puts the value {@code decode} prints for {@code row} into {@code out}: the table's value,
   * except for the IP flags, which are printed only once the flags field was read.
   */
  public void writePrinted(PacketRow row, ColumnSink out) {
    printedValue.write(this, row, out);
  }

  private static boolean ip(PacketRow row) {
    return row.headers().hasIp();
  }

  private static boolean ipv6(PacketRow row) {
    return row.headers().ipVersion() == 6;
  }

  /** Whether the IPv4 flags field or the IPv6 fragment header was read. */
  private static boolean flagsRead(PacketRow row) {
    return row.headers().fragmentOffset() >= 0;
  }

  /** Whether the packet has a TCP header: its ports are then TCP ports. */
  private static boolean tcp(PacketRow row) {
    PacketHeaders headers = row.headers();
    return headers.ipProtocol() == IpProtocols.TCP && headers.tcpFlags() >= 0;
  }

  /** Whether the packet has a UDP header: its ports are then UDP ports. */
  private static boolean udp(PacketRow row) {
    PacketHeaders headers = row.headers();
    return headers.ipProtocol() == IpProtocols.UDP && headers.udpLength() >= 0;
  }

  /** The value when {@code applies} and it is present, null otherwise. */
  private static void putIf(PacketColumn column, boolean applies, int value, ColumnSink out) {
    out.putPresent(column, applies ? value : -1);
  }

  private static void putIf(PacketColumn column, boolean applies, long value, ColumnSink out) {
    out.putPresent(column, applies ? value : -1L);
  }

  /** An IP address as text, or null when the packet has no IP header or not that address. */
  private static void putAddress(
      PacketColumn column,
      PacketRow row,
      BiPredicate<PacketHeaders, StringBuilder> append,
      ColumnSink out) {
    StringBuilder text = row.text();
    if (ip(row) && append.test(row.headers(), text)) {
      out.putText(column, text);
    } else {
      out.putNull(column);
    }
  }

  private static void putFlagIf(
      PacketColumn column, boolean applies, boolean value, ColumnSink out) {
    if (applies) {
      out.putBoolean(column, value);
    } else {
      out.putNull(column);
    }
  }

  private static void putTimestamp(PacketColumn column, PacketRow row, ColumnSink out) {
    if (row.record().hasTimestamp()) {
      out.putLong(column, row.record().timestampNanos());
    } else {
      out.putNull(column);
    }
  }

  private static void putMac(PacketColumn column, PacketRow row, long mac, ColumnSink out) {
    if (mac < 0) {
      out.putNull(column);
    } else {
      StringBuilder text = row.text();
      Addresses.appendMac(text, mac);
      out.putText(column, text);
    }
  }

  /**
   * Values the columns write: enum names as bytes, made once so that rows copy them without
   * encoding. A class of its own because an enum constant cannot refer to its type's static fields
   * while the constants are made.
   */
  private static final class Constants {
    static final byte[][] FRAME_STATUS = encode(FrameStatus.values());
    static final byte[][] DECODE_STATUS = encode(DecodeStatus.values());
    static final byte[][] TUNNEL = encode(Tunnel.values());
    static final byte[] FRAME_NOT_DECODED =
        PacketColumn.FRAME_NOT_DECODED.getBytes(StandardCharsets.US_ASCII);

    private static byte[][] encode(Enum<?>[] values) {
      byte[][] names = new byte[values.length][];
      for (Enum<?> value : values) {
        names[value.ordinal()] = value.name().getBytes(StandardCharsets.US_ASCII);
      }
      return names;
    }
  }
}
