package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPacketHeaders {
  private static final byte[] FRAME = concat(ethernet(0x0800), ipv4(17, 8), udp(1, 2, 0));

  private static PacketHeaders decode() {
    return new PacketDecoder().decode(LinkTypes.ETHERNET, FRAME, FRAME.length);
  }

  @Test
  void addressesCannotBeChangedFromOutside() {
    PacketHeaders headers = decode();

    headers.sourceAddress()[3] = 42;

    assertThat(headers.sourceAddress()).containsExactly(192, 0, 2, 1);
    assertThat(headers.sourceAddressText()).isEqualTo("192.0.2.1");
    assertThat(headers.destinationAddressText()).isEqualTo("198.51.100.2");
  }

  @Test
  void decodedAddressesDoNotShareThePacket() {
    byte[] frame = FRAME.clone();
    PacketHeaders headers = new PacketDecoder().decode(LinkTypes.ETHERNET, frame, frame.length);

    frame[14 + 12] = 0;

    assertThat(headers.sourceAddressText()).isEqualTo("192.0.2.1");
  }

  @Test
  void aReusedHolderReadsTheBytesItWasGiven() {
    byte[] frame = FRAME.clone();
    PacketHeaders headers = new PacketHeaders();
    new PacketDecoder().decode(headers, LinkTypes.ETHERNET, frame, 0, frame.length, frame.length);

    frame[14 + 12] = 10;

    assertThat(headers.sourceAddressText()).isEqualTo("10.0.2.1");
  }

  @Test
  void appendsAddressesWithoutCopyingThem() {
    byte[] frame = concat(ethernet(0x86DD), ipv6(17, 8), udp(1, 2, 0));
    PacketHeaders headers = new PacketDecoder().decode(LinkTypes.ETHERNET, frame, frame.length);
    StringBuilder out = new StringBuilder("[");

    assertThat(headers.appendSourceAddress(out)).isTrue();

    assertThat(out).hasToString("[" + headers.sourceAddressText());
    assertThat(headers.sourceAddressText()).isEqualTo("2001:db8::1");
    assertThat(new PacketHeaders().appendSourceAddress(out)).isFalse();
    assertThat(new PacketHeaders().sourceAddressText()).isNull();
  }

  @Test
  void toStringComparesHoldersByEveryColumn() {
    assertThat(decode()).hasToString(decode().toString());
    byte[] other = FRAME.clone();
    other[14 + 15] = 2;
    assertThat(new PacketDecoder().decode(LinkTypes.ETHERNET, other, other.length).toString())
        .isNotEqualTo(decode().toString());
  }

  @Test
  void toStringShowsEveryHeaderColumnByName() {
    assertThat(decode().toString())
        .startsWith("PacketHeaders[link_type=1, ")
        .contains("src_address=192.0.2.1", "dst_address=198.51.100.2")
        .contains("src_mac=00:00:5e:00:53:01", "tunnel=, decode_status=OK]")
        .contains("payload_ether_type=0x0800", "ipv6_payload_length=");
  }

  @Test
  void aHolderNeverDecodedIntoIsAFrameNotDecoded() {
    PacketHeaders headers = new PacketHeaders();
    PacketRecord corrupt =
        new PacketRecord(
            "test.pcap",
            40,
            FrameStatus.CORRUPT_REGION,
            PacketRecord.NO_TIMESTAMP,
            0,
            1,
            new byte[0]);

    Map<PacketColumn, Object> values = ColumnValues.of(corrupt, headers, "test.pcap", "id");

    assertThat(headers.decoded()).isFalse();
    assertThat(values)
        .containsEntry(PacketColumn.DECODE_STATUS, PacketColumn.FRAME_NOT_DECODED)
        .containsEntry(PacketColumn.VLAN_COUNT, 0)
        .containsEntry(PacketColumn.IS_FRAGMENT, false)
        .containsEntry(PacketColumn.FRAME_STATUS, "CORRUPT_REGION")
        .containsEntry(PacketColumn.PACKET_TIME, null)
        .containsEntry(PacketColumn.PACKET_DATE, null);
    values.forEach(
        (column, value) -> {
          if (column.nullable()) {
            assertThat(value).as(column.columnName()).isNull();
          }
        });
    assertThat(ColumnValues.of(corrupt, null, "test.pcap", "id")).isEqualTo(values);
  }
}
