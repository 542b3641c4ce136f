package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.tcp;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static io.packetlake.pcap.decode.TestPackets.vlanTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPacketTsv {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private static Map<String, String> row(PacketRecord record) {
    PacketHeaders headers =
        DECODER.decode(record.linkType(), record.data(), record.originalLength());
    StringBuilder out = new StringBuilder();
    new PacketTsv().appendRow(out, record, headers);
    String[] values = out.toString().split("\t", -1);
    assertThat(values).hasSize(PacketTsv.COLUMNS.size());
    Map<String, String> row = new LinkedHashMap<>();
    for (int column = 0; column < values.length; column++) {
      row.put(PacketTsv.COLUMNS.get(column), values[column]);
    }
    return row;
  }

  private static PacketRecord record(long timestampNanos, int linkType, byte[] data) {
    return new PacketRecord(
        "test.pcap", 24, FrameStatus.OK, timestampNanos, data.length, linkType, data);
  }

  @Test
  void header() {
    assertThat(PacketTsv.HEADER)
        .startsWith(
            "record_offset\tpacket_time\tframe_length\tcaptured_length\tlink_type\tframe_status\t")
        .endsWith("\ticmp_type\ticmp_code\ttunnel\tdecode_status")
        .doesNotContain("\n");
    assertThat(PacketTsv.COLUMNS).doesNotHaveDuplicates().hasSize(41);
  }

  @Test
  void printsTheTableNamesOfEveryPrintedColumn() {
    for (PacketColumn column : PacketColumn.values()) {
      assertThat(PacketTsv.COLUMNS.contains(column.columnName()))
          .as(column.columnName())
          .isEqualTo(column.printed() != PacketColumn.Printed.NOT_PRINTED);
    }
    assertThat(PacketTsv.COLUMNS)
        .contains("record_offset", "ip_dont_fragment", "ip_more_fragments", "is_fragment")
        .doesNotContain("offset", "ip_df", "ip_mf", "ip_fragment")
        .doesNotContain(
            "capture_file", "capture_id", "packet_date", "packet_time_ns", "tcp_src_port");
  }

  @Test
  void flagsArePrintedOnlyOnceReadWhileTheTableHasThemForEveryIpPacket() {
    byte[] frame = concat(ethernet(0x86DD), ipv6(17, 8), udp(1, 2, 0));
    PacketRecord record = record(0, LinkTypes.ETHERNET, frame);
    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);

    Map<String, String> printed = row(record);
    Map<PacketColumn, Object> stored = ColumnValues.of(record, headers, "test.pcap", "id");

    assertThat(printed)
        .containsEntry("ip_dont_fragment", "")
        .containsEntry("ip_more_fragments", "")
        .containsEntry("is_fragment", "0");
    assertThat(stored)
        .containsEntry(PacketColumn.IP_DONT_FRAGMENT, null)
        .containsEntry(PacketColumn.IP_MORE_FRAGMENTS, false)
        .containsEntry(PacketColumn.IS_FRAGMENT, false);
  }

  @Test
  void taggedTcpSegment() {
    byte[] frame =
        concat(
            ethernet(0x8100),
            vlanTag(0, 215, 0x0800),
            ipv4(6, 20 + 5),
            tcp(20636, 80, TcpFlags.ACK | TcpFlags.PSH),
            payload(5));

    Map<String, String> row = row(record(1_437_480_744_000_000_042L, LinkTypes.ETHERNET, frame));

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("record_offset", "24");
    expected.put("packet_time", "1437480744.000000042");
    expected.put("frame_length", "63");
    expected.put("captured_length", "63");
    expected.put("link_type", "1");
    expected.put("frame_status", "OK");
    expected.put("dst_mac", "00:00:5e:00:53:02");
    expected.put("src_mac", "00:00:5e:00:53:01");
    expected.put("ether_type", "0x8100");
    expected.put("vlan_id", "215");
    expected.put("vlan_count", "1");
    expected.put("payload_ether_type", "0x0800");
    expected.put("ip_version", "4");
    expected.put("ip_header_length", "20");
    expected.put("ip_tos", "0x00");
    expected.put("ip_total_length", "45");
    expected.put("ip_id", "0x1c46");
    expected.put("ip_dont_fragment", "1");
    expected.put("ip_more_fragments", "0");
    expected.put("ip_fragment_offset", "0");
    expected.put("is_fragment", "0");
    expected.put("ip_ttl", "64");
    expected.put("ip_protocol", "6");
    expected.put("ipv6_next_header", "");
    expected.put("ipv6_payload_length", "");
    expected.put("ipv6_flow_label", "");
    expected.put("src_address", "192.0.2.1");
    expected.put("dst_address", "198.51.100.2");
    expected.put("src_port", "20636");
    expected.put("dst_port", "80");
    expected.put("tcp_seq", "1000");
    expected.put("tcp_ack", "2000");
    expected.put("tcp_flags", "0x0018");
    expected.put("tcp_window", "65535");
    expected.put("tcp_header_length", "20");
    expected.put("payload_length", "5");
    expected.put("udp_length", "");
    expected.put("icmp_type", "");
    expected.put("icmp_code", "");
    expected.put("tunnel", "");
    expected.put("decode_status", "OK");
    assertThat(row).containsExactlyEntriesOf(expected);
  }

  @Test
  void ipv6FragmentOfVxlan() {
    byte[] frame =
        concat(
            ethernet(0x86DD),
            ipv6(44, 8 + 8 + 8),
            hex("11 00 0001 0000abcd"), // first fragment, more to come
            udp(50000, 4789, 8),
            payload(8));

    Map<String, String> row = row(record(0, LinkTypes.ETHERNET, frame));

    assertThat(row)
        .containsEntry("packet_time", "0.000000000")
        .containsEntry("ip_version", "6")
        .containsEntry("ip_header_length", "48")
        .containsEntry("ip_tos", "0x00")
        .containsEntry("ip_total_length", "64")
        .containsEntry("ip_id", "0x0000abcd")
        .containsEntry("ip_dont_fragment", "")
        .containsEntry("ip_more_fragments", "1")
        .containsEntry("ip_fragment_offset", "0")
        .containsEntry("is_fragment", "1")
        .containsEntry("ip_protocol", "17")
        .containsEntry("ipv6_next_header", "44")
        .containsEntry("ipv6_payload_length", "24")
        .containsEntry("ipv6_flow_label", "0")
        .containsEntry("src_address", "2001:db8::1")
        .containsEntry("udp_length", "16")
        .containsEntry("payload_length", "8")
        .containsEntry("tcp_flags", "")
        .containsEntry("tunnel", "VXLAN");
  }

  @Test
  void truncatedRecordLeavesUndecodedFieldsEmpty() {
    byte[] frame = Arrays.copyOf(concat(ethernet(0x0800), ipv4(17, 8), udp(1, 2, 0)), 20);
    PacketRecord record =
        new PacketRecord("test.pcap", 100, FrameStatus.TRUNCATED, 1_000_000_000L, 42, 1, frame);

    Map<String, String> row = row(record);

    assertThat(row)
        .containsEntry("frame_length", "42")
        .containsEntry("captured_length", "20")
        .containsEntry("frame_status", "TRUNCATED")
        .containsEntry("ip_version", "4")
        .containsEntry("ip_id", "0x1c46")
        .containsEntry("ip_dont_fragment", "")
        .containsEntry("ip_more_fragments", "")
        .containsEntry("is_fragment", "")
        .containsEntry("src_address", "")
        .containsEntry("src_port", "")
        .containsEntry("decode_status", "TRUNCATED");
  }

  @Test
  void unsupportedLinkType() {
    Map<String, String> row = row(record(5, 147, payload(30)));

    assertThat(row)
        .containsEntry("link_type", "147")
        .containsEntry("decode_status", "UNSUPPORTED_LINK_TYPE");
    row.forEach(
        (column, value) -> {
          if (!Arrays.asList(
                  "record_offset",
                  "packet_time",
                  "frame_length",
                  "captured_length",
                  "link_type",
                  "frame_status",
                  "vlan_count",
                  "decode_status")
              .contains(column)) {
            assertThat(value).as(column).isEmpty();
          }
        });
  }

  @Test
  void recordWithoutTimestamp() {
    byte[] frame = concat(ethernet(0x0800), ipv4(17, 8), udp(1, 2, 0));

    Map<String, String> row = row(record(PacketRecord.NO_TIMESTAMP, LinkTypes.ETHERNET, frame));

    assertThat(row).containsEntry("packet_time", "").containsEntry("decode_status", "OK");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0.000000000",
    "1, 0.000000001",
    "999999999, 0.999999999",
    "1000000000, 1.000000000",
    "1545562209891237000, 1545562209.891237000",
    "-1500000000, -1.500000000",
    "9223372036854775807, 9223372036.854775807",
  })
  void timestamps(long nanos, String expected) {
    StringBuilder out = new StringBuilder();

    PacketTsv.appendTimestamp(out, nanos);

    assertThat(out).hasToString(expected);
  }

  @Test
  void rowsReuseTheBuilder() {
    byte[] frame = concat(ethernet(0x0800), ipv4(17, 8), udp(1, 2, 0));
    PacketRecord record = record(0, LinkTypes.ETHERNET, frame);
    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);
    StringBuilder out = new StringBuilder();

    PacketTsv tsv = new PacketTsv();
    tsv.appendRow(out, record, headers);
    String first = out.toString();
    out.setLength(0);
    tsv.appendRow(out, record, headers);

    assertThat(out).hasToString(first);
    assertThat(first).doesNotContain("\n");
  }
}
