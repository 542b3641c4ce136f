package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestPacketHeaders {
  private static final byte[] FRAME = concat(ethernet(0x0800), ipv4(17, 8), udp(1, 2, 0));

  private static PacketHeaders decode() {
    return new PacketDecoder().decode(LinkTypes.ETHERNET, FRAME, FRAME.length);
  }

  private static PacketHeaders withSource(byte[] sourceAddress) {
    return new PacketHeaders(
        DecodeStatus.OK,
        1,
        -1,
        -1,
        -1,
        -1,
        0,
        -1,
        4,
        20,
        0,
        20,
        0,
        false,
        false,
        0,
        false,
        64,
        17,
        -1,
        -1,
        -1,
        sourceAddress,
        null,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        Tunnel.NONE);
  }

  @Test
  void addressesCannotBeChangedFromOutside() {
    byte[] source = {10, 0, 0, 1};
    PacketHeaders headers = withSource(source);

    source[3] = 99;
    headers.sourceAddress()[3] = 42;

    assertThat(headers.sourceAddress()).containsExactly(10, 0, 0, 1);
    assertThat(headers.sourceAddressText()).isEqualTo("10.0.0.1");
    assertThat(headers.destinationAddress()).isNull();
    assertThat(headers.destinationAddressText()).isNull();
  }

  @Test
  void decodedAddressesDoNotShareThePacket() {
    byte[] frame = FRAME.clone();
    PacketHeaders headers = new PacketDecoder().decode(LinkTypes.ETHERNET, frame, frame.length);

    frame[14 + 12] = 0;

    assertThat(headers.sourceAddressText()).isEqualTo("192.0.2.1");
  }

  @Test
  void equalityComparesAddressContents() {
    assertThat(decode()).isEqualTo(decode()).hasSameHashCodeAs(decode());
    assertThat(withSource(new byte[] {10, 0, 0, 1}))
        .isEqualTo(withSource(new byte[] {10, 0, 0, 1}))
        .isNotEqualTo(withSource(new byte[] {10, 0, 0, 2}));
  }

  @Test
  void toStringShowsAddressesAsText() {
    assertThat(decode().toString())
        .contains("sourceAddress=192.0.2.1", "destinationAddress=198.51.100.2")
        .contains("ethernetSource=00:00:5e:00:53:01", "status=OK", "tunnel=NONE");
  }

  @Test
  void rejectsAddressesOfOtherLengths() {
    assertThatThrownBy(() -> withSource(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create packet headers: sourceAddress is 5 bytes, not 4 or 16");
  }
}
