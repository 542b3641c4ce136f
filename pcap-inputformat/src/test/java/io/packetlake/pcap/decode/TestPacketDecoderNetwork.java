package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.tcp;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestPacketDecoderNetwork {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private static PacketHeaders decodeEthernet(byte[] ipPacket) {
    byte[] frame = concat(ethernet(ipPacket[0] >>> 4 == 6 ? 0x86DD : 0x0800), ipPacket);
    return DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);
  }

  @Test
  void ipv4Fields() {
    byte[] packet =
        concat(
            hex("45 b8 0024 abcd 0000 3f 11 0000 0a000001 0a000002"), // DSCP EF, ECN 0, TTL 63
            udp(1024, 53, 8),
            payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipVersion()).isEqualTo(4);
    assertThat(headers.ipHeaderLength()).isEqualTo(20);
    assertThat(headers.ipTos()).isEqualTo(0xB8);
    assertThat(headers.ipTotalLength()).isEqualTo(36);
    assertThat(headers.ipIdentification()).isEqualTo(0xABCD);
    assertThat(headers.dontFragment()).isFalse();
    assertThat(headers.moreFragments()).isFalse();
    assertThat(headers.fragmentOffset()).isZero();
    assertThat(headers.fragment()).isFalse();
    assertThat(headers.ttl()).isEqualTo(63);
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.ipv6NextHeader()).isEqualTo(-1);
    assertThat(headers.ipv6PayloadLength()).isEqualTo(-1);
    assertThat(headers.flowLabel()).isEqualTo(-1);
    assertThat(headers.sourceAddress()).containsExactly(10, 0, 0, 1);
    assertThat(headers.destinationAddress()).containsExactly(10, 0, 0, 2);
    assertThat(headers.udpLength()).isEqualTo(16);
    assertThat(headers.payloadLength()).isEqualTo(8);
  }

  @Test
  void ipv4OptionsAreSkippedByTheHeaderLength() {
    byte[] packet =
        concat(
            hex("46 00 0034 0001 4000 40 06 0000 c0000201 c6336402"),
            hex("94040000"), // router alert option
            tcp(40000, 443, TcpFlags.SYN),
            payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipHeaderLength()).isEqualTo(24);
    assertThat(headers.dontFragment()).isTrue();
    assertThat(headers.sourcePort()).isEqualTo(40000);
    assertThat(headers.destinationPort()).isEqualTo(443);
    assertThat(headers.payloadLength()).isEqualTo(8);
  }

  @Test
  void firstFragmentCarriesTheTransportHeader() {
    // MF set, offset 0: the UDP header claims the whole 3000-byte datagram.
    byte[] packet =
        concat(hex("45 00 0024 1e a0 2000 40 11 0000 c0000201 c6336402"), udp(789, 2049, 2992));
    packet = concat(packet, payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.fragment()).isTrue();
    assertThat(headers.moreFragments()).isTrue();
    assertThat(headers.fragmentOffset()).isZero();
    assertThat(headers.ipIdentification()).isEqualTo(0x1EA0);
    assertThat(headers.sourcePort()).isEqualTo(789);
    assertThat(headers.destinationPort()).isEqualTo(2049);
    assertThat(headers.udpLength()).isEqualTo(3000);
    assertThat(headers.payloadLength()).isEqualTo(8);
  }

  @Test
  void nonFirstFragmentCarriesNoTransportFields() {
    // Offset 185 * 8 = 1480 bytes, last fragment; the payload happens to look like a UDP header.
    byte[] packet =
        concat(hex("45 00 0024 1ea0 00b9 40 11 0000 c0000201 c6336402"), udp(789, 2049, 8));
    packet = concat(packet, payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.fragment()).isTrue();
    assertThat(headers.moreFragments()).isFalse();
    assertThat(headers.fragmentOffset()).isEqualTo(1480);
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.sourcePort()).isEqualTo(-1);
    assertThat(headers.destinationPort()).isEqualTo(-1);
    assertThat(headers.udpLength()).isEqualTo(-1);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void ipv4TotalLengthZeroUsesTheLengthOnTheWire() {
    // TSO/BIG TCP: total length 0 on a 70000-byte super-packet, captured in full.
    byte[] packet =
        concat(
            hex("45 00 0000 2eff 4000 40 06 0000 c0000201 c6336402"),
            tcp(35871, 36425, TcpFlags.ACK | TcpFlags.PSH),
            payload(70000 - 40));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipTotalLength()).isEqualTo(70000);
    assertThat(headers.payloadLength()).isEqualTo(70000 - 40);
  }

  @Test
  void ipv4TotalLengthBeyondTheWireIsMalformedButDecoded() {
    byte[] packet =
        concat(hex("45 00 0055 f1a6 0000 40 11 0000 c0000201 c6336402"), udp(39095, 53, 56));
    packet = concat(packet, payload(56));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipTotalLength()).isEqualTo(85);
    assertThat(headers.destinationPort()).isEqualTo(53);
    assertThat(headers.payloadLength()).isEqualTo(56);
  }

  @Test
  void ipv4TotalLengthBelowTheHeaderStopsDecoding() {
    byte[] packet = concat(hex("45 00 0013 f1a6 0000 40 11 0000 c0000201 c6336402"), payload(40));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipTotalLength()).isEqualTo(19);
    assertThat(headers.ipIdentification()).isEqualTo(-1);
    assertThat(headers.ipProtocol()).isEqualTo(-1);
    assertThat(headers.sourceAddress()).isNull();
  }

  @Test
  void ipv4HeaderLengthBelowFiveWordsStopsDecoding() {
    byte[] packet = concat(hex("44 00 0030 f1a6 0000 40 11 0000 c0000201 c6336402"), payload(28));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipVersion()).isEqualTo(4);
    assertThat(headers.ipHeaderLength()).isEqualTo(16);
    assertThat(headers.ipTos()).isEqualTo(-1);
  }

  @Test
  void ipv4EthernetPaddingIsNotPayload() {
    // 40-byte IPv4/TCP segment padded to the 60-byte Ethernet minimum.
    byte[] packet = concat(TestPackets.ipv4(6, 20), tcp(49671, 25014, TcpFlags.ACK), new byte[6]);

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipTotalLength()).isEqualTo(40);
    assertThat(headers.payloadLength()).isZero();
  }

  @Test
  void ipv6Fields() {
    byte[] packet =
        concat(
            hex("6b812345"), // traffic class 0xb8, flow label 0x12345
            hex("0010 11 ff"), // payload 16, UDP, hop limit 255
            hex("fe800000000000000000000000000001"),
            hex("ff020000000000000000000000010002"),
            udp(546, 547, 8),
            payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipVersion()).isEqualTo(6);
    assertThat(headers.ipTos()).isEqualTo(0xB8);
    assertThat(headers.flowLabel()).isEqualTo(0x12345);
    assertThat(headers.ipv6PayloadLength()).isEqualTo(16);
    assertThat(headers.ipTotalLength()).isEqualTo(56);
    assertThat(headers.ipHeaderLength()).isEqualTo(40);
    assertThat(headers.ipv6NextHeader()).isEqualTo(17);
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.ttl()).isEqualTo(255);
    assertThat(headers.sourceAddressText()).isEqualTo("fe80::1");
    assertThat(headers.destinationAddressText()).isEqualTo("ff02::1:2");
    assertThat(headers.ipIdentification()).isEqualTo(-1);
    assertThat(headers.fragment()).isFalse();
    assertThat(headers.fragmentOffset()).isEqualTo(-1);
    assertThat(headers.dontFragment()).isFalse();
    assertThat(headers.destinationPort()).isEqualTo(547);
  }

  @Test
  void ipv6ExtensionHeaderChainWithFirstFragment() {
    byte[] packet =
        concat(
            ipv6(0, 8 + 24 + 8 + 8 + 8 + 8),
            hex("2b 00 050200000100"), // hop-by-hop, 8 bytes: router alert; next: routing
            hex("2c 02 0000 00000000 20010db8000000000000000000000003"), // routing, 24 bytes
            hex("3c 00 0001 89abcdef"), // fragment: offset 0, M set, id 0x89abcdef; next: dst opts
            hex("33 00 010400000000"), // destination options, 8 bytes; next: AH
            hex("11 00 0000 00000001"), // AH without ICV: (0 + 2) * 4 = 8 bytes; next: UDP
            udp(5000, 6000, 0));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipv6NextHeader()).isZero();
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.ipHeaderLength()).isEqualTo(40 + 8 + 24 + 8 + 8 + 8);
    assertThat(headers.fragment()).isTrue();
    assertThat(headers.fragmentOffset()).isZero();
    assertThat(headers.moreFragments()).isTrue();
    assertThat(headers.ipIdentification()).isEqualTo(0x89ABCDEFL);
    assertThat(headers.sourcePort()).isEqualTo(5000);
    assertThat(headers.destinationPort()).isEqualTo(6000);
  }

  @Test
  void ipv6AuthenticationHeaderLengthIsInFourByteUnits() {
    byte[] packet =
        concat(
            ipv6(51, 24 + 8),
            hex("11 04 0000 00001000 00000001 0102030405060708090a0b0c"), // (4 + 2) * 4 = 24
            udp(5000, 6000, 0));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipv6NextHeader()).isEqualTo(51);
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.ipHeaderLength()).isEqualTo(64);
    assertThat(headers.destinationPort()).isEqualTo(6000);
  }

  @Test
  void ipv6NonFirstFragmentStopsAtTheFragmentHeader() {
    byte[] packet =
        concat(
            ipv6(44, 8 + 16),
            hex("11 00 05b9 00000042"), // offset 183 * 8 = 1464, M set; next: UDP
            payload(16));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.fragment()).isTrue();
    assertThat(headers.fragmentOffset()).isEqualTo(1464);
    assertThat(headers.moreFragments()).isTrue();
    assertThat(headers.ipIdentification()).isEqualTo(0x42);
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.ipHeaderLength()).isEqualTo(48);
    assertThat(headers.sourcePort()).isEqualTo(-1);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void ipv6ExtensionHeaderOverrunningThePayloadIsMalformed() {
    // Destination options claim (3 + 1) * 8 = 32 bytes of a 16-byte payload.
    byte[] packet = concat(ipv6(60, 16), hex("11 03 000000000000"), payload(8));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipProtocol()).isEqualTo(60);
    assertThat(headers.ipHeaderLength()).isEqualTo(40);
    assertThat(headers.sourceAddressText()).isEqualTo("2001:db8::1");
    assertThat(headers.sourcePort()).isEqualTo(-1);
  }

  @Test
  void ipv6ExtensionHeaderChainIsBounded() {
    int count = Ipv6Decoder.MAX_EXTENSION_HEADERS + 1;
    byte[] chain = new byte[8 * count];
    for (int header = 0; header < count; header++) {
      chain[8 * header] = 60; // destination options, 8 bytes, followed by another
    }
    byte[] packet = concat(ipv6(60, chain.length), chain);

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipProtocol()).isEqualTo(60);
    assertThat(headers.ipHeaderLength()).isEqualTo(40 + 8 * Ipv6Decoder.MAX_EXTENSION_HEADERS);
  }

  @Test
  void ipv6EncapsulatingSecurityPayloadEndsTheWalk() {
    byte[] packet = concat(ipv6(50, 24), payload(24));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipProtocol()).isEqualTo(50);
    assertThat(headers.sourcePort()).isEqualTo(-1);
  }

  @Test
  void ipv6Jumbogram() {
    int payloadLength = 70000;
    byte[] packet =
        concat(
            ipv6(0, 0),
            hex("3a 00 c204"), // hop-by-hop; next: ICMPv6; Jumbo Payload option
            TestPackets.uint16(payloadLength >>> 16),
            TestPackets.uint16(payloadLength & 0xFFFF),
            hex("80 00 0000"), // echo request
            payload(payloadLength - 8 - 4));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipv6PayloadLength()).isZero();
    assertThat(headers.ipTotalLength()).isEqualTo(40 + payloadLength);
    assertThat(headers.ipProtocol()).isEqualTo(58);
    assertThat(headers.icmpType()).isEqualTo(128);
  }

  @Test
  void ipv6PayloadLengthZeroWithoutJumboUsesTheLengthOnTheWire() {
    // BIG TCP: payload length 0, TCP directly after the fixed header, 80000 bytes on the wire
    // of which 200 were captured.
    byte[] captured = concat(ethernet(0x86DD), ipv6(6, 0), tcp(43267, 41219, TcpFlags.ACK));
    captured = concat(captured, payload(200 - captured.length));

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, captured, 80_000);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipTotalLength()).isEqualTo(80_000 - 14);
    assertThat(headers.payloadLength()).isEqualTo(80_000 - 14 - 40 - 20);
  }

  @Test
  void ipv6PayloadLengthBeyondTheWireIsMalformedButDecoded() {
    byte[] packet = concat(ipv6(17, 65), udp(45678, 53, 56), payload(56));

    PacketHeaders headers = decodeEthernet(packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipv6PayloadLength()).isEqualTo(65);
    assertThat(headers.destinationPort()).isEqualTo(53);
    assertThat(headers.payloadLength()).isEqualTo(56);
  }

  @Test
  void ipv6AddressesCutByTheSnapLengthAreKeptFieldByField() {
    // 39 of the 40 header bytes: the source address is complete, the destination is not.
    byte[] packet = Arrays.copyOf(concat(ethernet(0x86DD), ipv6(17, 8)), 14 + 39);

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, packet, 14 + 48);

    assertThat(headers.status()).isEqualTo(DecodeStatus.TRUNCATED);
    assertThat(headers.ipv6NextHeader()).isEqualTo(17);
    assertThat(headers.ttl()).isEqualTo(64);
    assertThat(headers.sourceAddressText()).isEqualTo("2001:db8::1");
    assertThat(headers.destinationAddress()).isNull();
    assertThat(headers.ipHeaderLength()).isEqualTo(-1);
  }
}
