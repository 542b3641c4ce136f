package io.packetlake.pcap.decode;

import io.packetlake.pcap.framing.PacketRecord;
import java.util.List;

/**
 * The tab-separated form of decoded packets printed by {@code packetlake decode} and compared with
 * tshark's {@code -T fields} output by the fidelity test. One row per record; an absent value is an
 * empty string.
 *
 * <p>Values follow tshark's conventions where it has the field: {@code timestamp} is epoch seconds
 * with nine decimals ({@code frame.time_epoch}), empty for records without one (pcapng Simple
 * Packet Blocks, corrupt regions); {@code ether_type} is {@code 0x%04x}, {@code ip_tos} {@code
 * 0x%02x}, {@code ip_id} {@code 0x%04x} (IPv4) or {@code 0x%08x} (IPv6 fragment identification) and
 * {@code tcp_flags} {@code 0x%04x}; flags are {@code 0} or {@code 1}; addresses as in {@link
 * Addresses}. Unlike tshark's {@code ip.frag_offset}, {@code ip_fragment_offset} is in bytes, like
 * every other length here.
 */
public final class PacketTsv {
  /** Column names, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "offset",
          "timestamp",
          "frame_length",
          "captured_length",
          "link_type",
          "frame_status",
          "eth_dst",
          "eth_src",
          "ether_type",
          "vlan_id",
          "vlan_count",
          "payload_ether_type",
          "ip_version",
          "ip_header_length",
          "ip_tos",
          "ip_total_length",
          "ip_id",
          "ip_df",
          "ip_mf",
          "ip_fragment_offset",
          "ip_fragment",
          "ip_ttl",
          "ip_protocol",
          "ipv6_next_header",
          "ipv6_payload_length",
          "ipv6_flow_label",
          "ip_src",
          "ip_dst",
          "src_port",
          "dst_port",
          "tcp_seq",
          "tcp_ack",
          "tcp_flags",
          "tcp_window",
          "tcp_header_length",
          "payload_length",
          "udp_length",
          "icmp_type",
          "icmp_code",
          "tunnel",
          "decode_status");

  /** The header line, without a line terminator. */
  public static final String HEADER = String.join("\t", COLUMNS);

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private PacketTsv() {}

  /**
   * Appends the row of one record, without a line terminator. The caller owns {@code out} and
   * typically reuses it for every row.
   */
  public static void appendRow(StringBuilder out, PacketRecord record, PacketHeaders headers) {
    out.append(record.offset()).append('\t');
    if (record.hasTimestamp()) {
      appendTimestamp(out, record.timestampNanos());
    }
    out.append('\t').append(record.originalLength());
    out.append('\t').append(record.capturedLength());
    out.append('\t').append(record.linkType());
    out.append('\t').append(record.status().name());
    out.append('\t');
    if (headers.ethernetDestination() >= 0) {
      Addresses.appendMac(out, headers.ethernetDestination());
    }
    out.append('\t');
    if (headers.ethernetSource() >= 0) {
      Addresses.appendMac(out, headers.ethernetSource());
    }
    out.append('\t');
    appendHex(out, headers.etherType(), 4);
    out.append('\t');
    appendNumber(out, headers.vlanId());
    out.append('\t').append(headers.vlanCount());
    out.append('\t');
    appendHex(out, headers.payloadEtherType(), 4);

    boolean ipv4 = headers.ipVersion() == 4;
    boolean ip = headers.hasIp();
    out.append('\t');
    if (ip) {
      out.append(headers.ipVersion());
    }
    out.append('\t');
    appendNumber(out, headers.ipHeaderLength());
    out.append('\t');
    appendHex(out, headers.ipTos(), 2);
    out.append('\t');
    appendNumber(out, headers.ipTotalLength());
    out.append('\t');
    if (headers.ipIdentification() >= 0) {
      appendHex(out, headers.ipIdentification(), ipv4 ? 4 : 8);
    }
    // Flags are only known once the flags and offset field was read, which sets the offset.
    boolean flagsKnown = headers.fragmentOffset() >= 0;
    out.append('\t');
    if (ipv4 && flagsKnown) {
      out.append(headers.dontFragment() ? '1' : '0');
    }
    out.append('\t');
    if (flagsKnown) {
      out.append(headers.moreFragments() ? '1' : '0');
    }
    out.append('\t');
    appendNumber(out, headers.fragmentOffset());
    out.append('\t');
    if (ip && (flagsKnown || !ipv4)) {
      out.append(headers.fragment() ? '1' : '0');
    }
    out.append('\t');
    appendNumber(out, headers.ttl());
    out.append('\t');
    appendNumber(out, headers.ipProtocol());
    out.append('\t');
    appendNumber(out, headers.ipv6NextHeader());
    out.append('\t');
    appendNumber(out, headers.ipv6PayloadLength());
    out.append('\t');
    appendNumber(out, headers.flowLabel());
    out.append('\t');
    headers.appendSourceAddress(out);
    out.append('\t');
    headers.appendDestinationAddress(out);

    out.append('\t');
    appendNumber(out, headers.sourcePort());
    out.append('\t');
    appendNumber(out, headers.destinationPort());
    out.append('\t');
    appendNumber(out, headers.tcpSequence());
    out.append('\t');
    appendNumber(out, headers.tcpAcknowledgment());
    out.append('\t');
    appendHex(out, headers.tcpFlags(), 4);
    out.append('\t');
    appendNumber(out, headers.tcpWindow());
    out.append('\t');
    appendNumber(out, headers.tcpHeaderLength());
    out.append('\t');
    appendNumber(out, headers.payloadLength());
    out.append('\t');
    appendNumber(out, headers.udpLength());
    out.append('\t');
    appendNumber(out, headers.icmpType());
    out.append('\t');
    appendNumber(out, headers.icmpCode());
    out.append('\t');
    if (headers.tunnel() != Tunnel.NONE) {
      out.append(headers.tunnel().name());
    }
    out.append('\t').append(headers.status().name());
  }

  /** Appends nanoseconds since the epoch as seconds with nine decimals. */
  static void appendTimestamp(StringBuilder out, long nanos) {
    long seconds = nanos / NANOS_PER_SECOND;
    long fraction = nanos % NANOS_PER_SECOND;
    if (nanos < 0) {
      out.append('-');
      seconds = -seconds;
      fraction = -fraction;
    }
    out.append(seconds).append('.');
    for (long divisor = NANOS_PER_SECOND / 10; divisor > 0; divisor /= 10) {
      out.append((char) ('0' + (fraction / divisor) % 10));
    }
  }

  private static void appendNumber(StringBuilder out, long value) {
    if (value >= 0) {
      out.append(value);
    }
  }

  /**
   * Appends {@code 0x} and at least {@code digits} lowercase hex digits, or nothing if negative.
   */
  private static void appendHex(StringBuilder out, long value, int digits) {
    if (value < 0) {
      return;
    }
    out.append("0x");
    int significant = Math.max(digits, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    for (int digit = significant - 1; digit >= 0; digit--) {
      out.append(HEX[(int) (value >>> (4 * digit)) & 0x0F]);
    }
  }
}
