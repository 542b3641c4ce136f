package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.tcp;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPacketDecoderTransport {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private static PacketHeaders decodeIpv4(int protocol, byte[] transport) {
    byte[] frame = concat(ethernet(0x0800), ipv4(protocol, transport.length), transport);
    return DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);
  }

  @Test
  void tcpFields() {
    byte[] segment =
        concat(
            hex("c350 0016"), // 50000 to 22
            hex("f3b4c2d8"), // sequence 4088709848, above 2^31
            hex("8000 0001"), // acknowledgment 2147483649
            hex("8 0 18"), // data offset 8 words, ACK PSH
            hex("01f5 0000 0000"), // window 501
            hex("0101080a 00000001 00000002"), // NOP, NOP, timestamps: 12 bytes of options
            payload(100));

    PacketHeaders headers = decodeIpv4(6, segment);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.sourcePort()).isEqualTo(50000);
    assertThat(headers.destinationPort()).isEqualTo(22);
    assertThat(headers.tcpSequence()).isEqualTo(4088709848L);
    assertThat(headers.tcpAcknowledgment()).isEqualTo(2147483649L);
    assertThat(headers.tcpHeaderLength()).isEqualTo(32);
    assertThat(headers.tcpFlags()).isEqualTo(TcpFlags.ACK | TcpFlags.PSH);
    assertThat(headers.tcpWindow()).isEqualTo(501);
    assertThat(headers.payloadLength()).isEqualTo(100);
    assertThat(headers.udpLength()).isEqualTo(-1);
    assertThat(headers.icmpType()).isEqualTo(-1);
    assertThat(headers.tunnel()).isEqualTo(Tunnel.NONE);
  }

  @ParameterizedTest
  @CsvSource({
    "0002, 0x002", // SYN
    "0012, 0x012", // SYN ACK
    "00c2, 0x0c2", // SYN ECE CWR: ECN setup
    "0152, 0x152", // SYN ACK ECE NS: AccECN
    "01ff, 0x1ff", // all nine flags
    "0fff, 0xfff", // and the reserved bits, as tshark shows them
    "0004, 0x004", // RST
    "0029, 0x029", // FIN PSH URG
  })
  void tcpFlagBits(String flagField, String expected) {
    byte[] segment = tcp(1, 2, 0);
    byte[] flags = hex(flagField);
    segment[12] = (byte) (0x50 | flags[0]);
    segment[13] = flags[1];

    PacketHeaders headers = decodeIpv4(6, segment);

    assertThat(headers.tcpFlags()).isEqualTo(Integer.decode(expected));
    assertThat(headers.tcpHeaderLength()).isEqualTo(20);
  }

  @Test
  void tcpFlagConstantsMatchTheHeaderBits() {
    assertThat(TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.PSH).isEqualTo(0x00F);
    assertThat(TcpFlags.ACK | TcpFlags.URG | TcpFlags.ECE | TcpFlags.CWR).isEqualTo(0x0F0);
    assertThat(TcpFlags.NS | TcpFlags.RESERVED).isEqualTo(0xF00);
  }

  @Test
  void tcpDataOffsetBelowFiveWordsIsMalformed() {
    byte[] segment = tcp(1, 2, TcpFlags.ACK);
    segment[12] = 0x40 | 0;

    PacketHeaders headers = decodeIpv4(6, segment);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(headers.sourcePort()).isEqualTo(1);
    assertThat(headers.tcpHeaderLength()).isEqualTo(16);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void tcpHeaderLongerThanTheSegmentIsMalformed() {
    // Data offset 7 words in a 20-byte segment, padded by Ethernet to 26 bytes.
    byte[] segment = tcp(49671, 25014, TcpFlags.ACK);
    segment[12] = 0x70;
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 20), segment, new byte[6]);

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(headers.tcpSequence()).isEqualTo(1000);
    assertThat(headers.tcpHeaderLength()).isEqualTo(28);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void tcpPayloadLengthCountsWhatWasOnTheWire() {
    // 1500-byte segment, 96 bytes captured.
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 20 + 1460), tcp(443, 50000, TcpFlags.ACK));
    frame = concat(frame, payload(96 - frame.length));

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, 14 + 1500);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.payloadLength()).isEqualTo(1460);
  }

  @Test
  void tcpOptionsCutByTheSnapLengthKeepTheFixedHeader() {
    byte[] segment = concat(tcp(443, 50000, TcpFlags.SYN), hex("020405b4 0402080a"));
    segment[12] = 0x70;
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 28), segment);
    byte[] captured = Arrays.copyOf(frame, frame.length - 3);

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, captured, frame.length);

    assertThat(headers.status()).isEqualTo(DecodeStatus.TRUNCATED);
    assertThat(headers.tcpFlags()).isEqualTo(TcpFlags.SYN);
    assertThat(headers.tcpHeaderLength()).isEqualTo(28);
    assertThat(headers.payloadLength()).isZero();
  }

  @Test
  void udpFields() {
    PacketHeaders headers = decodeIpv4(17, concat(udp(68, 67, 300), payload(300)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.sourcePort()).isEqualTo(68);
    assertThat(headers.destinationPort()).isEqualTo(67);
    assertThat(headers.udpLength()).isEqualTo(308);
    assertThat(headers.payloadLength()).isEqualTo(300);
    assertThat(headers.tcpSequence()).isEqualTo(-1);
    assertThat(headers.tcpFlags()).isEqualTo(-1);
  }

  @Test
  void udpLengthBelowTheHeaderIsMalformed() {
    PacketHeaders headers = decodeIpv4(17, concat(hex("0044 0043 0007 0000"), payload(4)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(headers.udpLength()).isEqualTo(7);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void udpLengthBeyondTheIpPayloadIsMalformedAndBounded() {
    PacketHeaders headers = decodeIpv4(17, concat(udp(654, 80, 100), payload(20)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(headers.udpLength()).isEqualTo(108);
    assertThat(headers.payloadLength()).isEqualTo(20);
  }

  @Test
  void udpHeaderLongerThanTheIpPayloadIsMalformed() {
    byte[] frame = concat(ethernet(0x0800), ipv4(17, 6), udp(1, 2, 0), new byte[10]);

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);

    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(headers.sourcePort()).isEqualTo(1);
    assertThat(headers.udpLength()).isEqualTo(8);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void icmp() {
    PacketHeaders headers = decodeIpv4(1, concat(hex("0303 0000 00000000"), payload(28)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.icmpType()).isEqualTo(3);
    assertThat(headers.icmpCode()).isEqualTo(3);
    assertThat(headers.sourcePort()).isEqualTo(-1);
    assertThat(headers.payloadLength()).isEqualTo(-1);
  }

  @Test
  void icmpv6() {
    byte[] frame = concat(ethernet(0x86DD), ipv6(58, 24), hex("8700 0000 00000000"), payload(16));

    PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, frame, frame.length);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.icmpType()).isEqualTo(135);
    assertThat(headers.icmpCode()).isZero();
  }

  @Test
  void ipInIpv4Tunnels() {
    assertThat(decodeIpv4(4, ipv4(17, 0)).tunnel()).isEqualTo(Tunnel.IPIP);
    assertThat(decodeIpv4(41, ipv6(59, 0)).tunnel()).isEqualTo(Tunnel.IPV6_IN_IPV4);
    assertThat(decodeIpv4(47, hex("0000 0800")).tunnel()).isEqualTo(Tunnel.GRE);
    assertThat(decodeIpv4(115, payload(16)).tunnel()).isEqualTo(Tunnel.L2TP);
  }

  @Test
  void tunnelKeepsTheOuterHeaders() {
    byte[] inner = concat(ipv4(6, 20), tcp(1234, 80, TcpFlags.SYN));

    PacketHeaders headers = decodeIpv4(4, inner);

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.tunnel()).isEqualTo(Tunnel.IPIP);
    assertThat(headers.ipProtocol()).isEqualTo(4);
    assertThat(headers.ipTotalLength()).isEqualTo(60);
    assertThat(headers.sourcePort()).isEqualTo(-1);
    assertThat(headers.tcpFlags()).isEqualTo(-1);
  }

  @Test
  void ipInIpv6Tunnels() {
    byte[] frame = concat(ethernet(0x86DD), ipv6(4, 20), ipv4(59, 0));
    byte[] greFrame = concat(ethernet(0x86DD), ipv6(47, 4), hex("0000 86dd"));

    assertThat(DECODER.decode(LinkTypes.ETHERNET, frame, frame.length).tunnel())
        .isEqualTo(Tunnel.IPIP);
    assertThat(DECODER.decode(LinkTypes.ETHERNET, greFrame, greFrame.length).tunnel())
        .isEqualTo(Tunnel.GRE);
  }

  @ParameterizedTest
  @CsvSource({
    "50000, 4789, VXLAN",
    "50000, 6081, GENEVE",
    "2152, 2152, GTP_U",
    "1701, 1701, L2TP",
    "3544, 50000, TEREDO",
    "50000, 53, NONE",
  })
  void udpTunnels(int sourcePort, int destinationPort, Tunnel expected) {
    PacketHeaders headers =
        decodeIpv4(17, concat(udp(sourcePort, destinationPort, 16), payload(16)));

    assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
    assertThat(headers.tunnel()).isEqualTo(expected);
    assertThat(headers.sourcePort()).isEqualTo(sourcePort);
    assertThat(headers.destinationPort()).isEqualTo(destinationPort);
    assertThat(headers.udpLength()).isEqualTo(24);
  }
}
