package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TestPacketBuilder {
  /**
   * Rebuilds real packets from the shared corpus field by field and expects the same bytes,
   * checksums included (the frames chosen have correct checksums: none was captured before a
   * checksum-offloading NIC). Frames captured on their sender may be shorter than 60 bytes; the
   * builder pads them as the NIC would.
   */
  @ParameterizedTest(name = "{0} frame {1}: {2}")
  @CsvSource({
    "whois.pcap, 2, TCP SYN/ACK with MSS option padded to 60 bytes",
    "ssh.pcap, 3, TCP ACK captured by its sender at 54 bytes",
    "ssh.pcap, 4, TCP data with PSH",
    "ipv4_tcp_http_xml.pcap, 1, 802.1Q tagged TCP",
    "dns_udp.pcap, 1, IPv4 UDP without DF",
    "dhcpv6-ia-na.pcap, 1, IPv6 UDP with a traffic class",
    "dhcp-rfc4388.pcap, 2, ICMP echo request",
    "ip4_fragments.pcap, 1, first IPv4 fragment",
    "ip4_fragments.pcap, 2, second IPv4 fragment",
    "ip6_fragments.pcap, 1, IPv6 fragment"
  })
  void rebuildsRealPacketsByteForByte(String file, int frameNumber, String what) throws Exception {
    byte[] original = frame(file, frameNumber);
    ParsedFrame parsed = ParsedFrame.parse(0, original);
    PacketBuilder builder = new PacketBuilder();
    // Stale bytes from an earlier frame must not leak into this one.
    Arrays.fill(builder.buffer(), (byte) 0x5A);

    int length = rebuild(builder, original, parsed);

    int ipEnd = parsed.ipOffset() + parsed.ipLength();
    byte[] rebuilt = Arrays.copyOf(builder.buffer(), length);
    assertThat(length).isEqualTo(Math.max(60, ipEnd));
    assertThat(Arrays.copyOf(rebuilt, ipEnd)).isEqualTo(Arrays.copyOf(original, ipEnd));
    assertThat(Arrays.copyOfRange(rebuilt, ipEnd, length)).isEqualTo(new byte[length - ipEnd]);
  }

  private static int rebuild(PacketBuilder builder, byte[] original, ParsedFrame parsed) {
    int ip = parsed.ipOffset();
    builder.ethernet(
        mac(original, 0), mac(original, 6), Math.max(0, parsed.vlanId()), parsed.etherType());
    int payloadAt;
    if (parsed.ipVersion() == 4) {
      int source = (int) ParsedFrame.u32(original, ip + 12);
      int destination = (int) ParsedFrame.u32(original, ip + 16);
      int tos = original[ip + 1] & 0xFF;
      int ttl = original[ip + 8] & 0xFF;
      int identification = ParsedFrame.u16(original, ip + 4);
      if (parsed.fragment()) {
        builder.ipv4Fragment(
            source,
            destination,
            parsed.protocol(),
            ttl,
            identification,
            tos,
            parsed.fragmentOffset(),
            parsed.moreFragments());
        return copyPayload(builder, original, parsed.transportOffset(), parsed);
      }
      boolean dontFragment = (ParsedFrame.u16(original, ip + 6) & 0x4000) != 0;
      builder.ipv4(source, destination, parsed.protocol(), ttl, identification, tos, dontFragment);
    } else {
      long first = ParsedFrame.u32(original, ip);
      int trafficClass = (int) (first >>> 20) & 0xFF;
      int flowLabel = (int) first & 0xF_FFFF;
      int hopLimit = original[ip + 7] & 0xFF;
      long sourceHigh =
          (ParsedFrame.u32(original, ip + 8) << 32) | ParsedFrame.u32(original, ip + 12);
      long sourceLow =
          (ParsedFrame.u32(original, ip + 16) << 32) | ParsedFrame.u32(original, ip + 20);
      long destinationHigh =
          (ParsedFrame.u32(original, ip + 24) << 32) | ParsedFrame.u32(original, ip + 28);
      long destinationLow =
          (ParsedFrame.u32(original, ip + 32) << 32) | ParsedFrame.u32(original, ip + 36);
      if (parsed.fragment()) {
        builder.ipv6Fragment(
            sourceHigh,
            sourceLow,
            destinationHigh,
            destinationLow,
            parsed.protocol(),
            hopLimit,
            trafficClass,
            flowLabel,
            parsed.fragmentOffset(),
            parsed.moreFragments(),
            (int) parsed.identification());
        return copyPayload(builder, original, parsed.transportOffset(), parsed);
      }
      builder.ipv6(
          sourceHigh,
          sourceLow,
          destinationHigh,
          destinationLow,
          parsed.protocol(),
          hopLimit,
          trafficClass,
          flowLabel);
    }
    int at = parsed.transportOffset();
    switch (parsed.protocol()) {
      case 6 -> {
        int headerLength = ((original[at + 12] & 0xFF) >>> 4) * 4;
        int window = ParsedFrame.u16(original, at + 14);
        if (headerLength == 20) {
          builder.tcp(
              parsed.sourcePort(),
              parsed.destinationPort(),
              (int) parsed.sequence(),
              (int) parsed.acknowledgment(),
              parsed.tcpFlags(),
              window);
        } else {
          assertThat(headerLength).as("only an MSS option is rebuilt").isEqualTo(24);
          builder.tcpSyn(
              parsed.sourcePort(),
              parsed.destinationPort(),
              (int) parsed.sequence(),
              (int) parsed.acknowledgment(),
              parsed.tcpFlags(),
              window,
              ParsedFrame.u16(original, at + 22),
              -1);
        }
        payloadAt = at + headerLength;
      }
      case 17 -> {
        builder.udp(parsed.sourcePort(), parsed.destinationPort());
        payloadAt = at + 8;
      }
      case 1 -> {
        builder.icmpEcho(
            parsed.icmpType() == 0,
            ParsedFrame.u16(original, at + 4),
            ParsedFrame.u16(original, at + 6));
        payloadAt = at + 8;
      }
      default -> throw new AssertionError("protocol " + parsed.protocol());
    }
    return copyPayload(builder, original, payloadAt, parsed);
  }

  private static int copyPayload(
      PacketBuilder builder, byte[] original, int payloadAt, ParsedFrame parsed) {
    int length = parsed.ipOffset() + parsed.ipLength() - payloadAt;
    assertThat(builder.payloadOffset()).isEqualTo(payloadAt);
    System.arraycopy(original, payloadAt, builder.buffer(), builder.payloadOffset(), length);
    return builder.finish(length);
  }

  @Test
  void computedZeroUdpChecksumIsSentAsAllOnes() {
    PacketBuilder builder = new PacketBuilder();
    udpPacket(builder, 0);
    int checksum = ParsedFrame.u16(builder.buffer(), 14 + 20 + 6);
    // A payload word equal to the first checksum makes the one's complement sum all ones.
    udpPacket(builder, checksum);
    assertThat(ParsedFrame.u16(builder.buffer(), 14 + 20 + 6)).isEqualTo(0xFFFF);
  }

  private static void udpPacket(PacketBuilder builder, int payloadWord) {
    builder.ethernet(0x0200_0000_0001L, 0x0200_0000_0002L, 0, PacketBuilder.ETHERTYPE_IPV4);
    builder.ipv4(0x0A00_0001, 0x0A00_0002, IpProtocols.UDP, 64, 1, 0, true);
    builder.udp(40_000, 53);
    builder.buffer()[builder.payloadOffset()] = (byte) (payloadWord >>> 8);
    builder.buffer()[builder.payloadOffset() + 1] = (byte) payloadWord;
    assertThat(builder.finish(2)).isEqualTo(60);
  }

  @Test
  void writesOneVlanTagAndTheHandshakeOptions() {
    PacketBuilder builder = new PacketBuilder();
    builder.ethernet(1, 2, 30, PacketBuilder.ETHERTYPE_IPV4);
    builder.ipv4(1, 2, IpProtocols.TCP, 64, 7, 0, true);
    builder.tcpSyn(1234, 443, 99, 0, TcpFlags.SYN, 64_240, 1460, 8);
    int length = builder.finish(0);
    byte[] frame = builder.buffer();

    assertThat(length).isEqualTo(18 + 20 + 32);
    assertThat(ParsedFrame.u16(frame, 12)).isEqualTo(0x8100);
    assertThat(ParsedFrame.u16(frame, 14)).isEqualTo(30);
    assertThat(ParsedFrame.u16(frame, 16)).isEqualTo(0x0800);
    assertThat(frame[18 + 20 + 12]).isEqualTo((byte) 0x80);
    assertThat(Arrays.copyOfRange(frame, 18 + 40, 18 + 52))
        .containsExactly(2, 4, 5, (byte) 0xB4, 1, 3, 3, 8, 1, 1, 4, 2);
  }

  @Test
  void rejectsWhatCannotBeWritten() {
    PacketBuilder builder = new PacketBuilder();
    assertThatThrownBy(() -> builder.ethernet(1, 2, 4095, PacketBuilder.ETHERTYPE_IPV4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot tag frame: VLAN id 4095 out of range");
    assertThatThrownBy(() -> builder.finish(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot finish frame: no network header written");
    builder.ethernet(1, 2, 0, PacketBuilder.ETHERTYPE_IPV4);
    assertThatThrownBy(() -> builder.udp(1, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot write transport header for protocol 17");
    assertThatThrownBy(() -> builder.ipv4Fragment(1, 2, 17, 64, 1, 0, 12, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot write fragment: offset 12 is not a multiple of 8 below 65536");
    builder.ipv4Fragment(1, 2, 17, 64, 1, 0, 8, true);
    assertThatThrownBy(() -> builder.udp(1, 2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.finish(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot finish frame: payload length 70000 does not fit");
  }

  private static byte[] frame(String file, int number) throws IOException {
    List<PacketRecord> records = TestCaptures.readAll(TestCaptures.corpusPath(file));
    return records.get(number - 1).data();
  }

  private static long mac(byte[] bytes, int at) {
    return ((long) ParsedFrame.u16(bytes, at) << 32) | ParsedFrame.u32(bytes, at + 2);
  }
}
