package io.packetlake.jobs;

import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.Tunnel;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The packets-table rows a capture must give, computed without Spark from its records, and rows as
 * text that compares across Spark, Parquet and these rows.
 */
public final class ExpectedPacketRows {
  private ExpectedPacketRows() {}

  /**
   * The packets-table rows a capture must give, by column name, computed without Spark straight
   * from the decoder's fields: written apart from the table's column catalog, so that a rule that
   * changes there shows here. The capture's file name and id are left out.
   */
  public static List<Map<String, Object>> expectedPacketRows(Path capture) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PacketRecord record : TestCaptures.readAll(capture)) {
      rows.add(
          expectedPacketRow(
              record,
              record.status() == FrameStatus.CORRUPT_REGION
                  ? null
                  : decoder.decode(record.linkType(), record.data(), record.originalLength())));
    }
    return rows;
  }

  /** The row of one record; {@code headers} is null when the frame was not decoded. */
  private static Map<String, Object> expectedPacketRow(PacketRecord record, PacketHeaders headers) {
    Map<String, Object> row = new TreeMap<>();
    row.put("record_offset", record.offset());
    row.put("frame_status", record.status().name());
    row.put(
        "decode_status", headers == null ? PacketTable.FRAME_NOT_DECODED : headers.status().name());
    boolean timestamp = record.hasTimestamp();
    long nanos = record.timestampNanos();
    row.put(
        "packet_time",
        timestamp
            ? Instant.ofEpochSecond(
                    Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .truncatedTo(ChronoUnit.MICROS)
            : null);
    row.put("packet_time_ns", timestamp ? nanos : null);
    row.put(
        "packet_date",
        timestamp ? LocalDate.ofEpochDay(Math.floorDiv(nanos, 86_400_000_000_000L)) : null);
    row.put("frame_length", record.originalLength());
    row.put("captured_length", record.capturedLength());
    row.put("link_type", record.linkType());
    PacketHeaders decoded = headers == null ? new PacketHeaders() : headers;
    boolean ip = decoded.ipVersion() > 0;
    boolean ipv6 = decoded.ipVersion() == 6;
    boolean tcp = decoded.ipProtocol() == 6 && decoded.tcpFlags() >= 0;
    boolean udp = decoded.ipProtocol() == 17 && decoded.udpLength() >= 0;
    row.put("dst_mac", decoded.ethernetDestinationText());
    row.put("src_mac", decoded.ethernetSourceText());
    row.put("ether_type", present(decoded.etherType()));
    row.put("vlan_id", present(decoded.vlanId()));
    row.put("vlan_count", decoded.vlanCount());
    row.put("ip_version", ip ? decoded.ipVersion() : null);
    row.put("ip_header_length", ip ? present(decoded.ipHeaderLength()) : null);
    row.put("ip_ttl", ip ? present(decoded.ttl()) : null);
    row.put("ip_protocol", ip ? present(decoded.ipProtocol()) : null);
    row.put("ip_total_length", ip ? present(decoded.ipTotalLength()) : null);
    row.put("ip_tos", ip ? present(decoded.ipTos()) : null);
    row.put("src_address", ip ? decoded.sourceAddressText() : null);
    row.put("dst_address", ip ? decoded.destinationAddressText() : null);
    row.put("ip_id", decoded.ipIdentification() < 0 ? null : decoded.ipIdentification());
    row.put("ip_dont_fragment", decoded.ipVersion() == 4 ? decoded.dontFragment() : null);
    row.put("ip_more_fragments", ip ? decoded.moreFragments() : null);
    row.put("ip_fragment_offset", ip ? present(decoded.fragmentOffset()) : null);
    row.put("is_fragment", decoded.fragment());
    row.put("ipv6_next_header", ipv6 ? present(decoded.ipv6NextHeader()) : null);
    row.put("ipv6_flow_label", ipv6 ? present(decoded.flowLabel()) : null);
    Integer sourcePort = present(decoded.sourcePort());
    Integer destinationPort = present(decoded.destinationPort());
    row.put("src_port", sourcePort);
    row.put("dst_port", destinationPort);
    row.put("tcp_src_port", tcp ? sourcePort : null);
    row.put("tcp_dst_port", tcp ? destinationPort : null);
    row.put("udp_src_port", udp ? sourcePort : null);
    row.put("udp_dst_port", udp ? destinationPort : null);
    row.put("udp_length", udp ? present(decoded.udpLength()) : null);
    row.put("tcp_seq", tcp ? decoded.tcpSequence() : null);
    row.put("tcp_ack", tcp ? decoded.tcpAcknowledgment() : null);
    row.put("tcp_flags", tcp ? present(decoded.tcpFlags()) : null);
    row.put("tcp_window", tcp ? present(decoded.tcpWindow()) : null);
    row.put("tcp_header_length", tcp ? present(decoded.tcpHeaderLength()) : null);
    row.put("payload_length", present(decoded.payloadLength()));
    row.put("icmp_type", present(decoded.icmpType()));
    row.put("icmp_code", present(decoded.icmpCode()));
    row.put("tunnel", decoded.tunnel() == Tunnel.NONE ? null : decoded.tunnel().name());
    boolean keyed =
        ip
            && decoded.ipProtocol() >= 0
            && decoded.sourceAddressText() != null
            && decoded.destinationAddressText() != null;
    row.put("flow_key_hash", keyed ? flowKeyHash(decoded) : null);
    return row;
  }

  // The key's text built here from the decoded fields; its hash is FlowKeys' (TestFlowKeys checks
  // that against sha256sum).
  private static long flowKeyHash(PacketHeaders decoded) {
    int protocol = decoded.ipProtocol();
    return FlowKeys.hashOfText(
        FlowKeys.text(
            protocol,
            decoded.sourceAddressText(),
            FlowKeys.keyPort(
                protocol, decoded.sourcePort(), decoded.icmpType(), decoded.icmpCode()),
            decoded.destinationAddressText(),
            FlowKeys.keyPort(
                protocol, decoded.destinationPort(), decoded.icmpType(), decoded.icmpCode())));
  }

  private static Integer present(int value) {
    return value < 0 ? null : value;
  }

  /**
   * A packets-table row as text that compares across Spark, Parquet and the rows above: every
   * column by name except the capture's id and file name, which depend on where it was read.
   */
  public static String packetRowText(Row row) {
    Map<String, Object> values = new TreeMap<>();
    for (String name : PacketTable.SCHEMA.fieldNames()) {
      if (name.equals(PacketTable.CAPTURE_ID) || name.equals("capture_file")) {
        continue;
      }
      int index = row.schema() == null ? PacketTable.SCHEMA.fieldIndex(name) : row.fieldIndex(name);
      values.put(name, row.get(index));
    }
    return values.toString();
  }

  /** {@link #expectedPacketRows} as {@link #packetRowText}. */
  public static List<String> expectedPacketRowTexts(Path capture) throws IOException {
    return expectedPacketRows(capture).stream().map(Map::toString).toList();
  }
}
