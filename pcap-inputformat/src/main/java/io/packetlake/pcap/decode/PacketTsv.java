package io.packetlake.pcap.decode;

import io.packetlake.pcap.framing.EpochNanos;
import io.packetlake.pcap.framing.FramedRecord;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The tab-separated form of decoded packets printed by {@code packetlake decode} and compared with
 * tshark's {@code -T fields} output by the fidelity test: the {@link PacketColumn}s that are {@link
 * PacketColumn#printed() printed}, under the table's column names, one row per record; an absent
 * value is an empty string.
 *
 * <p>Values follow tshark's conventions where it has the field: {@code timestamp} is epoch seconds
 * with nine decimals ({@code frame.time_epoch}), empty for records without one (pcapng Simple
 * Packet Blocks, corrupt regions); hex where {@link PacketColumn.Printed} says so ({@code
 * ether_type}, {@code ip_tos}, {@code ip_id}, {@code tcp_flags}); flags are {@code 0} or {@code 1};
 * addresses as in {@link Addresses}. Unlike tshark's {@code ip.frag_offset}, {@code
 * ip_fragment_offset} is in bytes, like every other length here.
 *
 * <p>An instance reuses its buffers from row to row: one per thread.
 */
public final class PacketTsv {
  /**
   * The order of the columns, frame to transport with the decode status last, as a reader of the
   * output scans a packet; printed columns not named here follow in catalog order.
   */
  private static final List<PacketColumn> LAYER_ORDER =
      List.of(
          PacketColumn.RECORD_OFFSET,
          PacketColumn.PACKET_TIME,
          PacketColumn.FRAME_LENGTH,
          PacketColumn.CAPTURED_LENGTH,
          PacketColumn.LINK_TYPE,
          PacketColumn.FRAME_STATUS,
          PacketColumn.DST_MAC,
          PacketColumn.SRC_MAC,
          PacketColumn.ETHER_TYPE,
          PacketColumn.VLAN_ID,
          PacketColumn.VLAN_COUNT,
          PacketColumn.PAYLOAD_ETHER_TYPE,
          PacketColumn.IP_VERSION,
          PacketColumn.IP_HEADER_LENGTH,
          PacketColumn.IP_TOS,
          PacketColumn.IP_TOTAL_LENGTH,
          PacketColumn.IP_ID,
          PacketColumn.IP_DONT_FRAGMENT,
          PacketColumn.IP_MORE_FRAGMENTS,
          PacketColumn.IP_FRAGMENT_OFFSET,
          PacketColumn.IS_FRAGMENT,
          PacketColumn.IP_TTL,
          PacketColumn.IP_PROTOCOL,
          PacketColumn.IPV6_NEXT_HEADER,
          PacketColumn.IPV6_PAYLOAD_LENGTH,
          PacketColumn.IPV6_FLOW_LABEL,
          PacketColumn.SRC_ADDRESS,
          PacketColumn.DST_ADDRESS,
          PacketColumn.SRC_PORT,
          PacketColumn.DST_PORT,
          PacketColumn.TCP_SEQ,
          PacketColumn.TCP_ACK,
          PacketColumn.TCP_FLAGS,
          PacketColumn.TCP_WINDOW,
          PacketColumn.TCP_HEADER_LENGTH,
          PacketColumn.PAYLOAD_LENGTH,
          PacketColumn.UDP_LENGTH,
          PacketColumn.ICMP_TYPE,
          PacketColumn.ICMP_CODE,
          PacketColumn.TUNNEL,
          PacketColumn.DECODE_STATUS);

  /** The printed columns, in order. */
  public static final List<PacketColumn> ORDER = printedColumns();

  /** Column names, in order: the packets table's names. */
  public static final List<String> COLUMNS = ORDER.stream().map(PacketColumn::columnName).toList();

  /** The header line, without a line terminator. */
  public static final String HEADER = String.join("\t", COLUMNS);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final PacketRow row = new PacketRow("", "");
  private final TextSink text = new TextSink();

  /**
   * Appends the row of one record, without a line terminator. The caller owns {@code out} and
   * typically reuses it for every row.
   */
  public void appendRow(StringBuilder out, FramedRecord record, PacketHeaders headers) {
    row.set(record, headers);
    text.start(out, row.headers());
    for (int index = 0; index < ORDER.size(); index++) {
      if (index > 0) {
        out.append('\t');
      }
      ORDER.get(index).writePrinted(row, text);
    }
  }

  /**
   * Every header field as {@code name=value}, in {@link #ORDER}: what {@link
   * PacketHeaders#toString()} shows. Two holders with the same description decoded the same.
   */
  static String describe(PacketHeaders headers) {
    StringBuilder out = new StringBuilder(512);
    out.append("PacketHeaders[link_type=").append(headers.linkType());
    PacketRow row = new PacketRow("", "");
    row.setHeaders(headers);
    TextSink text = new TextSink();
    text.start(out, headers);
    for (PacketColumn column : ORDER) {
      if (column.source() == PacketColumn.Source.HEADERS) {
        out.append(", ").append(column.columnName()).append('=');
        column.writePrinted(row, text);
      }
    }
    return out.append(']').toString();
  }

  private static List<PacketColumn> printedColumns() {
    List<PacketColumn> columns = new ArrayList<>(LAYER_ORDER);
    for (PacketColumn column : PacketColumn.values()) {
      if (column.printed() != PacketColumn.Printed.NOT_PRINTED && !columns.contains(column)) {
        columns.add(column);
      }
    }
    return List.copyOf(columns);
  }

  /** Appends nanoseconds since the epoch as seconds with nine decimals. */
  static void appendTimestamp(StringBuilder out, long nanos) {
    long seconds = nanos / EpochNanos.NANOS_PER_SECOND;
    long fraction = nanos % EpochNanos.NANOS_PER_SECOND;
    if (nanos < 0) {
      out.append('-');
      seconds = -seconds;
      fraction = -fraction;
    }
    out.append(seconds).append('.');
    for (long divisor = EpochNanos.NANOS_PER_SECOND / 10; divisor > 0; divisor /= 10) {
      out.append((char) ('0' + (fraction / divisor) % 10));
    }
  }

  /**
   * Appends {@code 0x} and at least {@code digits} lowercase hex digits of a non-negative value.
   */
  private static void appendHex(StringBuilder out, long value, int digits) {
    out.append("0x");
    int significant = Math.max(digits, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    for (int digit = significant - 1; digit >= 0; digit--) {
      out.append(HEX[(int) (value >>> (4 * digit)) & 0x0F]);
    }
  }

  /**
   * Writes each value as text, as the column's {@link PacketColumn.Printed} says; null as nothing.
   */
  private static final class TextSink implements ColumnSink {
    private StringBuilder out;
    private PacketHeaders headers;

    void start(StringBuilder out, PacketHeaders headers) {
      this.out = out;
      this.headers = headers;
    }

    @Override
    public void putNull(PacketColumn column) {}

    @Override
    public void putInt(PacketColumn column, int value) {
      if (column.type() == ColumnType.DATE) {
        out.append(LocalDate.ofEpochDay(value));
      } else {
        putLong(column, value);
      }
    }

    @Override
    public void putLong(PacketColumn column, long value) {
      switch (column.printed()) {
        case HEX_2 -> appendHex(out, value, 2);
        case HEX_4 -> appendHex(out, value, 4);
        case HEX_IDENTIFICATION -> appendHex(out, value, headers.ipVersion() == 4 ? 4 : 8);
        default -> {
          if (column.type() == ColumnType.TIMESTAMP) {
            appendTimestamp(out, value);
          } else {
            out.append(value);
          }
        }
      }
    }

    @Override
    public void putBoolean(PacketColumn column, boolean value) {
      out.append(value ? '1' : '0');
    }

    @Override
    public void putText(PacketColumn column, byte[] utf8) {
      for (byte value : utf8) {
        if (value < 0) {
          out.append(new String(utf8, StandardCharsets.UTF_8));
          return;
        }
      }
      for (byte value : utf8) {
        out.append((char) value);
      }
    }

    @Override
    public void putText(PacketColumn column, CharSequence ascii) {
      out.append(ascii);
    }
  }
}
