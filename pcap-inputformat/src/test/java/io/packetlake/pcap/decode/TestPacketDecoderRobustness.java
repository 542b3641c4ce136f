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

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, damaged and random input: the decoder never throws and stays consistent. */
class TestPacketDecoderRobustness {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private static final int[] LINK_TYPES = {
    LinkTypes.NULL,
    LinkTypes.ETHERNET,
    LinkTypes.PPP,
    LinkTypes.RAW_DLT_12,
    LinkTypes.RAW_DLT_14,
    LinkTypes.PPP_HDLC,
    LinkTypes.RAW,
    LinkTypes.C_HDLC,
    LinkTypes.LOOP,
    LinkTypes.LINUX_SLL,
    LinkTypes.IPV4,
    LinkTypes.IPV6,
    LinkTypes.LINUX_SLL2,
    127
  };

  /**
   * Ethernet, IPv4 with a 4-byte option, TCP with a 4-byte option, 10 bytes of payload: 72 bytes.
   * The IP header starts at 14, TCP at 38, the payload at 62.
   */
  private static final byte[] TCP_FRAME =
      concat(
          ethernet(0x0800),
          hex("46 00 003a 1c46 4000 40 06 0000 c0000201 c6336402 94040000"),
          hex("c350 0050 000003e8 000007d0 6018 ffff 0000 0000 020405b4"),
          payload(10));

  /**
   * Ethernet with an 802.1Q tag, IPv6, hop-by-hop (8), fragment header (first fragment, 8), UDP
   * (8), 8 bytes of payload: 90 bytes. IPv6 starts at 18, the hop-by-hop header at 58, the fragment
   * header at 66, UDP at 74.
   */
  private static final byte[] IPV6_FRAME =
      concat(
          ethernet(0x8100),
          vlanTag(0, 10, 0x86DD),
          ipv6(0, 32),
          hex("2c 00 0000 00000000"),
          hex("11 00 0001 0000abcd"),
          udp(5000, 6000, 8),
          payload(8));

  @Test
  void everyTruncationOfAnIpv4TcpFrame() {
    PacketHeaders full = DECODER.decode(LinkTypes.ETHERNET, TCP_FRAME, TCP_FRAME.length);
    assertThat(full.status()).isEqualTo(DecodeStatus.OK);
    assertThat(full.ipHeaderLength()).isEqualTo(24);
    assertThat(full.tcpHeaderLength()).isEqualTo(24);
    assertThat(full.payloadLength()).isEqualTo(10);

    for (int length = 0; length <= TCP_FRAME.length; length++) {
      byte[] captured = Arrays.copyOf(TCP_FRAME, length);
      PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, captured, TCP_FRAME.length);
      String description = "TCP frame cut to " + length + " bytes: " + headers;

      assertThat(headers.status())
          .as(description)
          .isEqualTo(length >= 62 ? DecodeStatus.OK : DecodeStatus.TRUNCATED);
      assertPresentFieldsMatch(headers, full, description);
      assertThat(headers.ethernetSource() >= 0).as(description).isEqualTo(length >= 14);
      assertThat(headers.ipVersion() == 4).as(description).isEqualTo(length >= 15);
      assertThat(headers.ipTos() >= 0).as(description).isEqualTo(length >= 16);
      assertThat(headers.ipTotalLength() >= 0).as(description).isEqualTo(length >= 18);
      assertThat(headers.ttl() >= 0).as(description).isEqualTo(length >= 23);
      assertThat(headers.ipProtocol() >= 0).as(description).isEqualTo(length >= 24);
      assertThat(headers.sourceAddress() != null).as(description).isEqualTo(length >= 30);
      assertThat(headers.destinationAddress() != null).as(description).isEqualTo(length >= 34);
      assertThat(headers.sourcePort() >= 0).as(description).isEqualTo(length >= 42);
      assertThat(headers.tcpSequence() >= 0).as(description).isEqualTo(length >= 58);
      assertThat(headers.tcpFlags() >= 0).as(description).isEqualTo(length >= 58);
      assertThat(headers.payloadLength() >= 0).as(description).isEqualTo(length >= 58);
    }
  }

  @Test
  void everyTruncationOfAnIpv6FragmentFrame() {
    PacketHeaders full = DECODER.decode(LinkTypes.ETHERNET, IPV6_FRAME, IPV6_FRAME.length);
    assertThat(full.status()).isEqualTo(DecodeStatus.OK);
    assertThat(full.ipProtocol()).isEqualTo(17);
    assertThat(full.ipIdentification()).isEqualTo(0xABCD);
    assertThat(full.destinationPort()).isEqualTo(6000);

    for (int length = 0; length <= IPV6_FRAME.length; length++) {
      byte[] captured = Arrays.copyOf(IPV6_FRAME, length);
      PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, captured, IPV6_FRAME.length);
      String description = "IPv6 frame cut to " + length + " bytes: " + headers;

      assertThat(headers.status())
          .as(description)
          .isEqualTo(length >= 82 ? DecodeStatus.OK : DecodeStatus.TRUNCATED);
      if (length < 74) {
        // Until the fragment header is complete, the walk stops at an extension header.
        assertThat(headers.ipProtocol()).as(description).isIn(-1, 0, 44);
        assertThat(headers.fragment()).as(description).isFalse();
      } else {
        assertPresentFieldsMatch(headers, full, description);
      }
      assertThat(headers.vlanId() == 10).as(description).isEqualTo(length >= 18);
      assertThat(headers.ipVersion() == 6).as(description).isEqualTo(length >= 19);
      assertThat(headers.ipv6NextHeader() == 0).as(description).isEqualTo(length >= 25);
      assertThat(headers.sourceAddress() != null).as(description).isEqualTo(length >= 42);
      assertThat(headers.destinationAddress() != null).as(description).isEqualTo(length >= 58);
      assertThat(headers.fragment()).as(description).isEqualTo(length >= 74);
      assertThat(headers.sourcePort() >= 0).as(description).isEqualTo(length >= 78);
      assertThat(headers.udpLength() >= 0).as(description).isEqualTo(length >= 80);
    }
  }

  /**
   * Every header column of {@code headers} is either absent or the value decoded from the whole
   * packet; the flow key hash, computed from several of them, is checked where it is defined.
   */
  private static void assertPresentFieldsMatch(
      PacketHeaders headers, PacketHeaders full, String description) {
    Map<PacketColumn, Object> values = ColumnValues.ofHeaders(headers);
    Map<PacketColumn, Object> expected = ColumnValues.ofHeaders(full);
    values.forEach(
        (column, value) -> {
          boolean absent =
              value == null
                  || value.equals(Boolean.FALSE)
                  || column == PacketColumn.DECODE_STATUS
                  || (column == PacketColumn.VLAN_COUNT && value.equals(0))
                  // The hash of the key the cut packet has: without its ports a key of its own,
                  // as the connections stage groups such a packet.
                  || column == PacketColumn.FLOW_KEY_HASH;
          if (!absent) {
            assertThat(value)
                .as("%s of %s", column.columnName(), description)
                .isEqualTo(expected.get(column));
          }
        });
  }

  @Test
  void randomBytesUnderEveryLinkType() {
    Random random = new Random(20240611);
    for (int iteration = 0; iteration < 40_000; iteration++) {
      int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
      byte[] data = new byte[random.nextInt(160)];
      random.nextBytes(data);
      if (data.length > 0 && random.nextBoolean()) {
        // Make the IP version nibble plausible more often than chance.
        data[0] = (byte) ((random.nextBoolean() ? 0x40 : 0x60) | (data[0] & 0x0F));
      }
      assertConsistent(linkType, data, originalLength(random, data.length));
    }
  }

  @Test
  void damagedRealisticPackets() {
    List<byte[]> frames =
        List.of(
            TCP_FRAME,
            IPV6_FRAME,
            concat(ethernet(0x88A8), vlanTag(0, 1, 0x8100), vlanTag(0, 2, 0x0800), TCP_FRAME),
            concat(ethernet(0x8864), hex("1100 0001 0024 0021"), ipv4(17, 8), udp(1, 1701, 0)),
            concat(ethernet(0x8847), hex("00011140"), ipv6(17, 8), udp(1, 4789, 0)),
            concat(ethernet(0x0800), ipv4(4, 40), ipv4(6, 20), tcp(1, 2, TcpFlags.SYN)),
            concat(
                ethernet(0x86DD), ipv6(0, 16), hex("3a00c20400010000"), hex("8000000000000000")));
    Random random = new Random(7);
    for (int iteration = 0; iteration < 40_000; iteration++) {
      byte[] data = frames.get(random.nextInt(frames.size())).clone();
      int damaged = 1 + random.nextInt(4);
      for (int change = 0; change < damaged; change++) {
        data[random.nextInt(data.length)] = (byte) random.nextInt(256);
      }
      data = Arrays.copyOf(data, random.nextInt(data.length + 1));
      assertConsistent(LinkTypes.ETHERNET, data, originalLength(random, data.length));
      // The same bytes without the Ethernet header, as raw IP.
      byte[] raw = data.length > 14 ? Arrays.copyOfRange(data, 14, data.length) : data;
      assertConsistent(LinkTypes.RAW, raw, originalLength(random, raw.length));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0xFF, 0x45, 0x60, 0x81})
  void constantBytesUnderEveryLinkType(int value) {
    for (int linkType : LINK_TYPES) {
      for (int length = 0; length < 100; length++) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        assertConsistent(linkType, data, length);
      }
    }
  }

  @Test
  void nullDataIsNoBytes() {
    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, null, 60);

    assertThat(headers.status()).isEqualTo(DecodeStatus.TRUNCATED);
    assertThat(headers.ethernetSource()).isEqualTo(-1);
    assertThat(DECODER.decode(147, null, 0).status()).isEqualTo(DecodeStatus.UNSUPPORTED_LINK_TYPE);
  }

  @Test
  void originalLengthShorterThanCapturedIsIgnored() {
    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, TCP_FRAME, -5);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.payloadLength()).isEqualTo(10);
  }

  private static int originalLength(Random random, int capturedLength) {
    return switch (random.nextInt(4)) {
      case 0 -> capturedLength;
      case 1 -> capturedLength + random.nextInt(100_000);
      case 2 -> random.nextInt(Math.max(1, capturedLength));
      default -> random.nextBoolean() ? Integer.MAX_VALUE : -1;
    };
  }

  private static void assertConsistent(int linkType, byte[] data, int originalLength) {
    PacketHeaders headers = DECODER.decode(linkType, data, originalLength);
    String description = "link type " + linkType + ", " + HexFormatter.format(data);

    assertThat(headers.status()).as(description).isNotNull();
    assertThat(headers.linkType()).as(description).isEqualTo(linkType);
    assertThat(headers.status() == DecodeStatus.UNSUPPORTED_LINK_TYPE)
        .as(description)
        .isEqualTo(!LinkTypes.isSupported(linkType));
    assertThat(headers.ipVersion()).as(description).isIn(0, 4, 6);
    int addressLength = headers.ipVersion() == 6 ? 16 : 4;
    if (headers.sourceAddress() != null) {
      assertThat(headers.sourceAddress()).as(description).hasSize(addressLength);
    }
    if (headers.destinationAddress() != null) {
      assertThat(headers.destinationAddress()).as(description).hasSize(addressLength);
      assertThat(headers.sourceAddress()).as(description).isNotNull();
    }
    if (headers.ipVersion() == 0) {
      assertThat(headers.sourceAddress()).as(description).isNull();
      assertThat(headers.ipProtocol()).as(description).isEqualTo(-1);
    }
    assertThat(headers.vlanCount()).as(description).isBetween(0, EtherTypes.MAX_VLAN_TAGS);
    assertThat(headers.sourcePort()).as(description).isBetween(-1, 0xFFFF);
    assertThat(headers.destinationPort()).as(description).isBetween(-1, 0xFFFF);
    assertThat(headers.sourcePort() >= 0).as(description).isEqualTo(headers.destinationPort() >= 0);
    assertThat(headers.ipHeaderLength()).as(description).isGreaterThanOrEqualTo(-1);
    assertThat(headers.payloadLength()).as(description).isGreaterThanOrEqualTo(-1);
    assertThat(headers.tcpFlags()).as(description).isBetween(-1, 0x0FFF);
    assertThat(headers.tcpSequence()).as(description).isBetween(-1L, 0xFFFF_FFFFL);
    if (headers.fragmentOffset() > 0) {
      assertThat(headers.fragment()).as(description).isTrue();
      assertThat(headers.sourcePort()).as(description).isEqualTo(-1);
    }
  }

  /** Hex of up to 64 bytes, for assertion messages. */
  private static final class HexFormatter {
    private HexFormatter() {}

    static String format(byte[] data) {
      String digits = java.util.HexFormat.of().formatHex(data, 0, Math.min(data.length, 64));
      return data.length > 64 ? digits + "..." : digits;
    }
  }
}
