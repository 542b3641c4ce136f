package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.Addresses;
import io.packetlake.pcap.decode.DecodeStatus;
import io.packetlake.pcap.decode.HeaderBuilder;
import io.packetlake.pcap.decode.Tunnel;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.RecordCursor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one record and its decoded headers as a row of {@link PacketTable#SCHEMA}, or of the
 * columns of it that a query asked for, straight into Spark's binary row format: primitive fields,
 * ASCII text written as bytes, no boxed values and no objects per row. The values are those of
 * {@link PacketTable#toRow}; columns that were not asked for are not computed.
 *
 * <p>The returned row is reused: it is valid until the next call.
 */
final class PacketRowWriter {
  private static final StructType SCHEMA = PacketTable.SCHEMA;
  private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

  private static final int CAPTURE_FILE = index("capture_file");
  private static final int RECORD_OFFSET = index("record_offset");
  private static final int FRAME_STATUS = index("frame_status");
  private static final int DECODE_STATUS = index("decode_status");
  private static final int TIMESTAMP = index("timestamp");
  private static final int TIMESTAMP_NS = index("timestamp_ns");
  private static final int FRAME_LENGTH = index("frame_length");
  private static final int CAPTURED_LENGTH = index("captured_length");
  private static final int LINK_TYPE = index("link_type");
  private static final int ETH_DST = index("eth_dst");
  private static final int ETH_SRC = index("eth_src");
  private static final int ETHER_TYPE = index("ether_type");
  private static final int VLAN_ID = index("vlan_id");
  private static final int VLAN_COUNT = index("vlan_count");
  private static final int IP_VERSION = index("ip_version");
  private static final int IP_HEADER_LENGTH = index("ip_header_length");
  private static final int IP_TTL = index("ip_ttl");
  private static final int IP_PROTOCOL = index("ip_protocol");
  private static final int IP_TOTAL_LENGTH = index("ip_total_length");
  private static final int IP_TOS = index("ip_tos");
  private static final int IP_SRC = index("ip_src");
  private static final int IP_DST = index("ip_dst");
  private static final int IP_ID = index("ip_id");
  private static final int IP_DONT_FRAGMENT = index("ip_dont_fragment");
  private static final int IP_MORE_FRAGMENTS = index("ip_more_fragments");
  private static final int IP_FRAGMENT_OFFSET = index("ip_fragment_offset");
  private static final int IS_FRAGMENT = index("is_fragment");
  private static final int IPV6_NEXT_HEADER = index("ipv6_next_header");
  private static final int IPV6_FLOW_LABEL = index("ipv6_flow_label");
  private static final int SRC_PORT = index("src_port");
  private static final int DST_PORT = index("dst_port");
  private static final int TCP_SRC_PORT = index("tcp_src_port");
  private static final int TCP_DST_PORT = index("tcp_dst_port");
  private static final int UDP_SRC_PORT = index("udp_src_port");
  private static final int UDP_DST_PORT = index("udp_dst_port");
  private static final int UDP_LENGTH = index("udp_length");
  private static final int TCP_SEQ = index("tcp_seq");
  private static final int TCP_ACK = index("tcp_ack");
  private static final int TCP_FLAGS = index("tcp_flags");
  private static final int TCP_WINDOW = index("tcp_window");
  private static final int TCP_HEADER_LENGTH = index("tcp_header_length");
  private static final int PAYLOAD_LENGTH = index("payload_length");
  private static final int ICMP_TYPE = index("icmp_type");
  private static final int ICMP_CODE = index("icmp_code");
  private static final int TUNNEL = index("tunnel");
  private static final int DATE = index(PacketTable.DATE);
  private static final int CAPTURE_ID = index(PacketTable.CAPTURE_ID);

  private static final byte[][] FRAME_STATUS_TEXT = names(FrameStatus.values());
  private static final byte[][] DECODE_STATUS_TEXT = names(DecodeStatus.values());
  private static final byte[][] TUNNEL_TEXT = names(Tunnel.values());
  private static final byte[] FRAME_NOT_DECODED =
      PacketTable.FRAME_NOT_DECODED.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Output ordinal of each column of the full schema, -1 when it was not asked for. */
  private final int[] ordinals;

  private final boolean decodes;
  private final UnsafeRowWriter writer;
  private final byte[] captureFile;
  private final byte[] captureId;
  private final byte[] text = new byte[64];
  private final StringBuilder address = new StringBuilder(64);

  /**
   * @param required the columns to write, a subset of {@link PacketTable#SCHEMA} in any order
   * @param captureFile the value of {@code capture_file} for every row
   * @param captureId the value of {@code capture_id} for every row
   */
  PacketRowWriter(StructType required, String captureFile, String captureId) {
    requireNonNull(required, "required is null");
    this.captureFile =
        requireNonNull(captureFile, "captureFile is null").getBytes(StandardCharsets.UTF_8);
    this.captureId =
        requireNonNull(captureId, "captureId is null").getBytes(StandardCharsets.UTF_8);
    ordinals = new int[SCHEMA.size()];
    Arrays.fill(ordinals, -1);
    String[] names = required.fieldNames();
    for (int ordinal = 0; ordinal < names.length; ordinal++) {
      ordinals[SCHEMA.fieldIndex(names[ordinal])] = ordinal;
    }
    boolean decodes = false;
    for (int column = 0; column < ordinals.length; column++) {
      boolean decoded = column == DECODE_STATUS || (column >= ETH_DST && column <= TUNNEL);
      decodes |= decoded && ordinals[column] >= 0;
    }
    this.decodes = decodes;
    writer = new UnsafeRowWriter(names.length, 256);
  }

  /** Whether any column asked for needs the decoded headers. */
  boolean decodes() {
    return decodes;
  }

  /**
   * The row of one record; {@code headers} holds the record's decoded headers, or is null when the
   * frame was not decoded (or, when {@link #decodes()} is false, need not be). Both are read here
   * and not kept.
   */
  UnsafeRow write(RecordCursor record, HeaderBuilder headers) {
    writer.reset();
    writer.zeroOutNullBytes();
    putText(CAPTURE_FILE, captureFile);
    putLong(RECORD_OFFSET, record.offset());
    putText(FRAME_STATUS, FRAME_STATUS_TEXT[record.status().ordinal()]);
    putText(
        DECODE_STATUS,
        headers == null ? FRAME_NOT_DECODED : DECODE_STATUS_TEXT[headers.status().ordinal()]);
    if (record.hasTimestamp()) {
      long nanos = record.timestampNanos();
      // Spark timestamps hold microseconds; timestamp_ns keeps the rest.
      putLong(TIMESTAMP, Math.floorDiv(nanos, 1000L));
      putLong(TIMESTAMP_NS, nanos);
      putInt(DATE, (int) Math.floorDiv(nanos, NANOS_PER_DAY));
    } else {
      putNull(TIMESTAMP);
      putNull(TIMESTAMP_NS);
      putNull(DATE);
    }
    putInt(FRAME_LENGTH, record.originalLength());
    putInt(CAPTURED_LENGTH, record.capturedLength());
    putInt(LINK_TYPE, record.linkType());
    if (headers == null) {
      // The row writer does not clear a null bit it set: the two non-null columns are skipped.
      for (int column = ETH_DST; column <= TUNNEL; column++) {
        if (column != VLAN_COUNT && column != IS_FRAGMENT) {
          putNull(column);
        }
      }
      putInt(VLAN_COUNT, 0);
      putBoolean(IS_FRAGMENT, false);
    } else {
      writeHeaders(headers);
    }
    putText(CAPTURE_ID, captureId);
    return writer.getRow();
  }

  private void writeHeaders(HeaderBuilder headers) {
    putMac(ETH_DST, headers.ethernetDestination());
    putMac(ETH_SRC, headers.ethernetSource());
    putPresent(ETHER_TYPE, headers.etherType());
    putPresent(VLAN_ID, headers.vlanId());
    putInt(VLAN_COUNT, headers.vlanCount());
    boolean ip = headers.ipVersion() > 0;
    if (ip) {
      putInt(IP_VERSION, headers.ipVersion());
      putPresent(IP_HEADER_LENGTH, headers.ipHeaderLength());
      putPresent(IP_TTL, headers.ttl());
      putPresent(IP_PROTOCOL, headers.ipProtocol());
      putPresent(IP_TOTAL_LENGTH, headers.ipTotalLength());
      putPresent(IP_TOS, headers.ipTos());
      if (ordinals[IP_SRC] >= 0) {
        putAddress(IP_SRC, headers.sourceIpv4(), headers);
      }
      if (ordinals[IP_DST] >= 0) {
        putAddress(IP_DST, headers.destinationIpv4(), headers);
      }
      putBoolean(IP_MORE_FRAGMENTS, headers.moreFragments());
      putPresent(IP_FRAGMENT_OFFSET, headers.fragmentOffset());
    } else {
      for (int column = IP_VERSION; column <= IP_DST; column++) {
        putNull(column);
      }
      putNull(IP_MORE_FRAGMENTS);
      putNull(IP_FRAGMENT_OFFSET);
    }
    if (headers.ipIdentification() < 0) {
      putNull(IP_ID);
    } else {
      putLong(IP_ID, headers.ipIdentification());
    }
    if (headers.ipVersion() == 4) {
      putBoolean(IP_DONT_FRAGMENT, headers.dontFragment());
    } else {
      putNull(IP_DONT_FRAGMENT);
    }
    putBoolean(IS_FRAGMENT, headers.fragment());
    if (headers.ipVersion() == 6) {
      putPresent(IPV6_NEXT_HEADER, headers.ipv6NextHeader());
      putPresent(IPV6_FLOW_LABEL, headers.flowLabel());
    } else {
      putNull(IPV6_NEXT_HEADER);
      putNull(IPV6_FLOW_LABEL);
    }
    int sourcePort = headers.sourcePort();
    int destinationPort = headers.destinationPort();
    boolean tcp = headers.ipProtocol() == 6 && headers.tcpFlags() >= 0;
    boolean udp = headers.ipProtocol() == 17 && headers.udpLength() >= 0;
    putPresent(SRC_PORT, sourcePort);
    putPresent(DST_PORT, destinationPort);
    putPresent(TCP_SRC_PORT, tcp ? sourcePort : -1);
    putPresent(TCP_DST_PORT, tcp ? destinationPort : -1);
    putPresent(UDP_SRC_PORT, udp ? sourcePort : -1);
    putPresent(UDP_DST_PORT, udp ? destinationPort : -1);
    putPresent(UDP_LENGTH, udp ? headers.udpLength() : -1);
    if (tcp) {
      putLong(TCP_SEQ, headers.tcpSequence());
      putLong(TCP_ACK, headers.tcpAcknowledgment());
      putPresent(TCP_FLAGS, headers.tcpFlags());
      putPresent(TCP_WINDOW, headers.tcpWindow());
      putPresent(TCP_HEADER_LENGTH, headers.tcpHeaderLength());
    } else {
      for (int column = TCP_SEQ; column <= TCP_HEADER_LENGTH; column++) {
        putNull(column);
      }
    }
    putPresent(PAYLOAD_LENGTH, headers.payloadLength());
    putPresent(ICMP_TYPE, headers.icmpType());
    putPresent(ICMP_CODE, headers.icmpCode());
    if (headers.tunnel() == Tunnel.NONE) {
      putNull(TUNNEL);
    } else {
      putText(TUNNEL, TUNNEL_TEXT[headers.tunnel().ordinal()]);
    }
  }

  private void putNull(int column) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      writer.setNullAt(ordinal);
    }
  }

  private void putInt(int column, int value) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      writer.write(ordinal, value);
    }
  }

  /** The value, or null for the decoder's "absent" (any negative value). */
  private void putPresent(int column, int value) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      if (value < 0) {
        writer.setNullAt(ordinal);
      } else {
        writer.write(ordinal, value);
      }
    }
  }

  private void putLong(int column, long value) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      writer.write(ordinal, value);
    }
  }

  private void putBoolean(int column, boolean value) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      writer.write(ordinal, value);
    }
  }

  private void putText(int column, byte[] value) {
    int ordinal = ordinals[column];
    if (ordinal >= 0) {
      writer.write(ordinal, value);
    }
  }

  /**
   * The IP source ({@code column} {@link #IP_SRC}) or destination address as text, as {@link
   * Addresses#formatIp}: IPv4 written straight from its number, IPv6 through the formatter (one
   * copy of the 16 bytes).
   */
  private void putAddress(int column, long ipv4, HeaderBuilder headers) {
    if (ipv4 >= 0) {
      int position = 0;
      for (int shift = 24; shift >= 0; shift -= 8) {
        position = putDecimal((int) (ipv4 >>> shift) & 0xFF, position);
        if (shift > 0) {
          text[position++] = '.';
        }
      }
      writer.write(ordinals[column], text, 0, position);
      return;
    }
    byte[] bytes = column == IP_SRC ? headers.sourceAddress() : headers.destinationAddress();
    address.setLength(0);
    if (bytes != null) {
      Addresses.appendIp(address, bytes);
    }
    putAscii(column, address);
  }

  /** Writes 0-255 as decimal digits at {@code position} of {@link #text}; the next position. */
  private int putDecimal(int value, int position) {
    if (value >= 100) {
      text[position++] = (byte) ('0' + value / 100);
      text[position++] = (byte) ('0' + value / 10 % 10);
    } else if (value >= 10) {
      text[position++] = (byte) ('0' + value / 10);
    }
    text[position++] = (byte) ('0' + value % 10);
    return position;
  }

  /** Address text is ASCII: one byte per char. Empty text (no address) is null. */
  private void putAscii(int column, CharSequence value) {
    int length = value.length();
    if (length == 0) {
      writer.setNullAt(ordinals[column]);
      return;
    }
    for (int i = 0; i < length; i++) {
      text[i] = (byte) value.charAt(i);
    }
    writer.write(ordinals[column], text, 0, length);
  }

  /** {@code aa:bb:cc:dd:ee:ff}, as {@link io.packetlake.pcap.decode.Addresses#formatMac}. */
  private void putMac(int column, long mac) {
    int ordinal = ordinals[column];
    if (ordinal < 0) {
      return;
    }
    if (mac < 0) {
      writer.setNullAt(ordinal);
      return;
    }
    int position = 0;
    for (int shift = 40; shift >= 0; shift -= 8) {
      int octet = (int) (mac >>> shift) & 0xFF;
      text[position++] = HEX[octet >>> 4];
      text[position++] = HEX[octet & 0x0F];
      if (shift > 0) {
        text[position++] = ':';
      }
    }
    writer.write(ordinal, text, 0, position);
  }

  private static int index(String name) {
    return SCHEMA.fieldIndex(name);
  }

  private static byte[][] names(Enum<?>[] values) {
    byte[][] names = new byte[values.length][];
    for (Enum<?> value : values) {
      names[value.ordinal()] = value.name().getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }
}
