package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.DESTINATION_MAC;
import static io.packetlake.pcap.decode.TestPackets.SOURCE_MAC;
import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static io.packetlake.pcap.decode.TestPackets.vlanTag;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestPacketDecoderLinkLayer {
  private static final PacketDecoder DECODER = new PacketDecoder();

  /** IPv4/UDP 5353 to 53 with four bytes of payload: 32 bytes. */
  private static final byte[] IPV4_UDP = concat(ipv4(17, 12), udp(5353, 53, 4), payload(4));

  /** IPv6/UDP 5353 to 53 with four bytes of payload: 52 bytes. */
  private static final byte[] IPV6_UDP = concat(ipv6(17, 12), udp(5353, 53, 4), payload(4));

  private static PacketHeaders decode(int linkType, byte[] data) {
    return DECODER.decode(linkType, data, data.length);
  }

  private static void assertIpv4Udp(PacketHeaders headers) {
    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipVersion()).isEqualTo(4);
    assertThat(headers.sourceAddressText()).isEqualTo("192.0.2.1");
    assertThat(headers.destinationAddressText()).isEqualTo("198.51.100.2");
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.sourcePort()).isEqualTo(5353);
    assertThat(headers.destinationPort()).isEqualTo(53);
    assertThat(headers.payloadLength()).isEqualTo(4);
  }

  private static void assertIpv6Udp(PacketHeaders headers) {
    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.ipVersion()).isEqualTo(6);
    assertThat(headers.sourceAddressText()).isEqualTo("2001:db8::1");
    assertThat(headers.destinationAddressText()).isEqualTo("2001:db8::2");
    assertThat(headers.ipProtocol()).isEqualTo(17);
    assertThat(headers.sourcePort()).isEqualTo(5353);
    assertThat(headers.destinationPort()).isEqualTo(53);
  }

  @Test
  void untaggedEthernet() {
    PacketHeaders headers = decode(LinkTypes.ETHERNET, concat(ethernet(0x0800), IPV4_UDP));

    assertIpv4Udp(headers);
    assertThat(headers.linkType()).isEqualTo(LinkTypes.ETHERNET);
    assertThat(headers.ethernetDestination()).isEqualTo(DESTINATION_MAC);
    assertThat(headers.ethernetSource()).isEqualTo(SOURCE_MAC);
    assertThat(headers.ethernetDestinationText()).isEqualTo("00:00:5e:00:53:02");
    assertThat(headers.ethernetSourceText()).isEqualTo("00:00:5e:00:53:01");
    assertThat(headers.etherType()).isEqualTo(0x0800);
    assertThat(headers.payloadEtherType()).isEqualTo(0x0800);
    assertThat(headers.vlanId()).isEqualTo(-1);
    assertThat(headers.vlanCount()).isZero();
  }

  @Test
  void ieee8021qTag() {
    PacketHeaders headers =
        decode(LinkTypes.ETHERNET, concat(ethernet(0x8100), vlanTag(5, 100, 0x86DD), IPV6_UDP));

    assertIpv6Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x8100);
    assertThat(headers.vlanId()).isEqualTo(100);
    assertThat(headers.vlanCount()).isEqualTo(1);
    assertThat(headers.payloadEtherType()).isEqualTo(0x86DD);
  }

  @Test
  void qinqKeepsTheOuterTag() {
    byte[] frame =
        concat(ethernet(0x88A8), vlanTag(0, 30, 0x8100), vlanTag(0, 100, 0x0800), IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertIpv4Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x88A8);
    assertThat(headers.vlanId()).isEqualTo(30);
    assertThat(headers.vlanCount()).isEqualTo(2);
    assertThat(headers.payloadEtherType()).isEqualTo(0x0800);
  }

  @Test
  void legacyQinqAndDeepStacks() {
    byte[] frame =
        concat(
            ethernet(0x9100),
            vlanTag(0, 4095, 0x88A8),
            vlanTag(0, 2, 0x8100),
            vlanTag(0, 3, 0x0800),
            IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertIpv4Udp(headers);
    assertThat(headers.vlanId()).isEqualTo(4095);
    assertThat(headers.vlanCount()).isEqualTo(3);
  }

  @Test
  void tooManyTagsAreMalformed() {
    byte[] frame = ethernet(0x8100);
    for (int tag = 0; tag < EtherTypes.MAX_VLAN_TAGS; tag++) {
      frame = concat(frame, vlanTag(0, tag + 1, 0x8100));
    }
    frame = concat(frame, vlanTag(0, 99, 0x0800), IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_LINK);
    assertThat(headers.vlanId()).isEqualTo(1);
    assertThat(headers.vlanCount()).isEqualTo(EtherTypes.MAX_VLAN_TAGS);
    assertThat(headers.ipVersion()).isZero();
  }

  @Test
  void ieee8023LengthFrameIsNotIp() {
    // Length 38, then an LLC header for spanning tree (DSAP 0x42, SSAP 0x42, UI).
    byte[] frame = concat(ethernet(38), hex("424203"), payload(35));

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(headers.ethernetSource()).isEqualTo(SOURCE_MAC);
    assertThat(headers.etherType()).isEqualTo(-1);
    assertThat(headers.payloadEtherType()).isEqualTo(-1);
  }

  @Test
  void taggedLlcFrameIsNotIp() {
    PacketHeaders headers =
        decode(LinkTypes.ETHERNET, concat(ethernet(0x8100), vlanTag(0, 7, 38), hex("424203")));

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(headers.etherType()).isEqualTo(0x8100);
    assertThat(headers.vlanId()).isEqualTo(7);
    assertThat(headers.payloadEtherType()).isEqualTo(-1);
  }

  @Test
  void arpIsNotIp() {
    PacketHeaders headers = decode(LinkTypes.ETHERNET, concat(ethernet(0x0806), payload(28)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(headers.etherType()).isEqualTo(0x0806);
    assertThat(headers.payloadEtherType()).isEqualTo(0x0806);
    assertThat(headers.ipVersion()).isZero();
    assertThat(headers.sourceAddress()).isNull();
  }

  @Test
  void pppoeSession() {
    byte[] frame =
        concat(
            ethernet(0x8864),
            hex("11 00 1234"), // version 1, type 1, session data, session 0x1234
            TestPackets.uint16(2 + IPV6_UDP.length),
            hex("0057"), // PPP: IPv6
            IPV6_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertIpv6Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x8864);
    assertThat(headers.payloadEtherType()).isEqualTo(0x8864);
  }

  @Test
  void pppoeWithUnknownVersionIsMalformed() {
    byte[] frame = concat(ethernet(0x8864), hex("21 00 1234 0022 0021"), IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_LINK);
    assertThat(headers.ipVersion()).isZero();
  }

  @Test
  void pppoeLinkControlIsNotIp() {
    PacketHeaders headers =
        decode(
            LinkTypes.ETHERNET, concat(ethernet(0x8864), hex("11 00 1234 000a c021"), payload(8)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void mplsLabelStack() {
    byte[] frame =
        concat(
            ethernet(0x8847),
            hex("00010 0 40"), // label 16, not bottom of stack, TTL 64
            hex("00011 1 40"), // label 17, bottom of stack
            IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.ETHERNET, frame);

    assertIpv4Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x8847);
    assertThat(headers.payloadEtherType()).isEqualTo(0x8847);
  }

  @Test
  void mplsPseudowireIsNotIp() {
    // A pseudowire control word (first nibble 0) under the label stack.
    byte[] frame = concat(ethernet(0x8847), hex("00011 1 40"), hex("00000000"), payload(40));

    assertThat(decode(LinkTypes.ETHERNET, frame).status()).isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void mplsStackWithoutBottomIsMalformed() {
    byte[] frame = ethernet(0x8847);
    for (int label = 0; label < MplsDecoder.MAX_LABELS + 1; label++) {
      frame = concat(frame, hex("00010 0 40"));
    }

    assertThat(decode(LinkTypes.ETHERNET, frame).status()).isEqualTo(DecodeStatus.MALFORMED_LINK);
  }

  @Test
  void linuxCookedVersion1() {
    byte[] frame =
        concat(
            hex("0000"), // packet type: to us
            hex("0001"), // ARPHRD_ETHER
            hex("0006"), // address length
            hex("00005e005301 0000"), // address, padded to 8 bytes
            hex("0800"),
            IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.LINUX_SLL, frame);

    assertIpv4Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x0800);
    assertThat(headers.ethernetSource()).isEqualTo(SOURCE_MAC);
    assertThat(headers.ethernetDestination()).isEqualTo(-1);
  }

  @Test
  void linuxCookedLoopbackHasNoMac() {
    byte[] frame =
        concat(hex("0000 0304 0006 000000000000 0000 86dd"), IPV6_UDP); // ARPHRD_LOOPBACK

    PacketHeaders headers = decode(LinkTypes.LINUX_SLL, frame);

    assertIpv6Udp(headers);
    assertThat(headers.ethernetSource()).isEqualTo(-1);
    assertThat(headers.etherType()).isEqualTo(0x86DD);
  }

  @Test
  void linuxCookedLlcIsNotIp() {
    // Protocol 0x0004: IEEE 802.2 LLC follows, not an EtherType.
    byte[] frame = concat(hex("0000 0001 0006 00005e005301 0000 0004"), hex("424203"));

    PacketHeaders headers = decode(LinkTypes.LINUX_SLL, frame);

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(headers.etherType()).isEqualTo(-1);
  }

  @Test
  void linuxCookedNetlinkIsNotIp() {
    // ARPHRD_NETLINK: the protocol field is a netlink family, here NETLINK_ROUTE (0).
    byte[] frame = concat(hex("0004 0338 0000 0000000000000000 0000"), payload(20));

    assertThat(decode(LinkTypes.LINUX_SLL, frame).status()).isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void linuxCookedWithVlanTag() {
    byte[] frame =
        concat(hex("0000 0001 0006 00005e005301 0000 8100"), vlanTag(0, 42, 0x0800), IPV4_UDP);

    PacketHeaders headers = decode(LinkTypes.LINUX_SLL, frame);

    assertIpv4Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x8100);
    assertThat(headers.vlanId()).isEqualTo(42);
    assertThat(headers.payloadEtherType()).isEqualTo(0x0800);
  }

  @Test
  void linuxCookedVersion2() {
    byte[] frame =
        concat(
            hex("86dd"), // protocol
            hex("0000"), // reserved
            hex("00000002"), // interface index
            hex("0001"), // ARPHRD_ETHER
            hex("04"), // packet type: outgoing
            hex("06"), // address length
            hex("00005e005301 0000"),
            IPV6_UDP);

    PacketHeaders headers = decode(LinkTypes.LINUX_SLL2, frame);

    assertIpv6Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x86DD);
    assertThat(headers.ethernetSource()).isEqualTo(SOURCE_MAC);
  }

  @Test
  void linuxCookedHeadersCutShortAreTruncated() {
    assertThat(decode(LinkTypes.LINUX_SLL, hex("0000 0001 0006 00005e005301 0000 08")).status())
        .isEqualTo(DecodeStatus.TRUNCATED);
    assertThat(decode(LinkTypes.LINUX_SLL2, hex("0800 0000 00000002 0001 00 06 00005e")).status())
        .isEqualTo(DecodeStatus.TRUNCATED);
  }

  @Test
  void nullInEitherByteOrder() {
    assertIpv4Udp(decode(LinkTypes.NULL, concat(hex("02000000"), IPV4_UDP)));
    assertIpv4Udp(decode(LinkTypes.NULL, concat(hex("00000002"), IPV4_UDP)));
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 28, 30})
  void nullIpv6Families(int family) {
    byte[] littleEndian = {(byte) family, 0, 0, 0};
    byte[] bigEndian = {0, 0, 0, (byte) family};

    assertIpv6Udp(decode(LinkTypes.NULL, concat(littleEndian, IPV6_UDP)));
    assertIpv6Udp(decode(LinkTypes.NULL, concat(bigEndian, IPV6_UDP)));
    assertIpv6Udp(decode(LinkTypes.LOOP, concat(bigEndian, IPV6_UDP)));
  }

  @Test
  void nullWithUnknownFamilyIsNotIp() {
    // AF_APPLETALK (16 on the BSDs).
    assertThat(decode(LinkTypes.NULL, concat(hex("10000000"), IPV4_UDP)).status())
        .isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void loopIsNetworkByteOrderOnly() {
    assertIpv4Udp(decode(LinkTypes.LOOP, concat(hex("00000002"), IPV4_UDP)));
    assertThat(decode(LinkTypes.LOOP, concat(hex("02000000"), IPV4_UDP)).status())
        .isEqualTo(DecodeStatus.NOT_IP);
  }

  @ParameterizedTest
  @ValueSource(ints = {LinkTypes.RAW, LinkTypes.RAW_DLT_12, LinkTypes.RAW_DLT_14})
  void rawIpPicksTheVersionByItsNibble(int linkType) {
    assertIpv4Udp(decode(linkType, IPV4_UDP));
    assertIpv6Udp(decode(linkType, IPV6_UDP));
  }

  @Test
  void rawIpWithAnotherVersionIsMalformed() {
    byte[] packet = IPV4_UDP.clone();
    packet[0] = 0x55;

    PacketHeaders headers = decode(LinkTypes.RAW, packet);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipVersion()).isZero();
  }

  @Test
  void linkTypesForOneVersion() {
    assertIpv4Udp(decode(LinkTypes.IPV4, IPV4_UDP));
    assertIpv6Udp(decode(LinkTypes.IPV6, IPV6_UDP));
  }

  @Test
  void versionContradictingTheLinkIsDecodedButMalformed() {
    PacketHeaders ipv6OnIpv4Link = decode(LinkTypes.IPV4, IPV6_UDP);
    PacketHeaders ipv4OnIpv6EtherType =
        decode(LinkTypes.ETHERNET, concat(ethernet(0x86DD), IPV4_UDP));

    assertThat(ipv6OnIpv4Link.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(ipv6OnIpv4Link.ipVersion()).isEqualTo(6);
    assertThat(ipv6OnIpv4Link.destinationPort()).isEqualTo(53);
    assertThat(ipv4OnIpv6EtherType.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(ipv4OnIpv6EtherType.ipVersion()).isEqualTo(4);
    assertThat(ipv4OnIpv6EtherType.destinationPort()).isEqualTo(53);
  }

  @Test
  void pppWithAndWithoutAddressAndControl() {
    assertIpv4Udp(decode(LinkTypes.PPP, concat(hex("ff03 0021"), IPV4_UDP)));
    assertIpv4Udp(decode(LinkTypes.PPP, concat(hex("0021"), IPV4_UDP)));
    assertIpv6Udp(decode(LinkTypes.PPP_HDLC, concat(hex("ff03 0057"), IPV6_UDP)));
  }

  @Test
  void pppCompressedProtocolField() {
    assertIpv4Udp(decode(LinkTypes.PPP, concat(hex("ff03 21"), IPV4_UDP)));
  }

  @Test
  void pppMpls() {
    assertIpv4Udp(decode(LinkTypes.PPP, concat(hex("ff03 0281 00011 1 40"), IPV4_UDP)));
  }

  @Test
  void pppLinkControlIsNotIp() {
    assertThat(decode(LinkTypes.PPP, concat(hex("ff03 c021"), payload(10))).status())
        .isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void ciscoHdlc() {
    PacketHeaders headers = decode(LinkTypes.C_HDLC, concat(hex("0f00 0800"), IPV4_UDP));

    assertIpv4Udp(headers);
    assertThat(headers.etherType()).isEqualTo(0x0800);
  }

  @Test
  void ciscoHdlcKeepaliveIsNotIp() {
    PacketHeaders headers = decode(LinkTypes.C_HDLC, concat(hex("8f00 8035"), payload(20)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(headers.etherType()).isEqualTo(0x8035);
  }

  @ParameterizedTest
  @ValueSource(ints = {127, 129, 239, 242, 253, 258, 271, 147, -1, 65535})
  void otherLinkTypesAreUnsupported(int linkType) {
    PacketHeaders headers = decode(linkType, concat(ethernet(0x0800), IPV4_UDP));

    assertThat(LinkTypes.isSupported(linkType)).isFalse();
    assertThat(headers.status()).isEqualTo(DecodeStatus.UNSUPPORTED_LINK_TYPE);
    assertThat(headers.linkType()).isEqualTo(linkType);
    assertThat(headers.ethernetSource()).isEqualTo(-1);
    assertThat(headers.ipVersion()).isZero();
  }
}
