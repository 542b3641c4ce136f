package io.packetlake.pcap.decode;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Packet bytes for tests, written header by header. Addresses default to documentation ranges:
 * 192.0.2.1 to 198.51.100.2, 2001:db8::1 to 2001:db8::2, 00:00:5e:00:53:01 to 00:00:5e:00:53:02.
 */
public final class TestPackets {
  public static final long SOURCE_MAC = 0x00005E005301L;
  public static final long DESTINATION_MAC = 0x00005E005302L;

  private TestPackets() {}

  /** Bytes from hex digits; spaces and line breaks are ignored. */
  public static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replaceAll("\\s", ""));
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] ethernet(int type) {
    return concat(
        hex("00005e005302"), // destination
        hex("00005e005301"), // source
        uint16(type));
  }

  public static byte[] vlanTag(int priority, int vlanId, int type) {
    return concat(uint16((priority << 13) | vlanId), uint16(type));
  }

  /** A 20-byte IPv4 header: TOS 0, identification 0x1c46, DF, TTL 64, checksum left at 0. */
  public static byte[] ipv4(int protocol, int payloadLength) {
    return concat(
        hex("45 00"),
        uint16(20 + payloadLength),
        hex("1c46 4000 40"),
        new byte[] {(byte) protocol},
        hex("0000"),
        hex("c0000201"), // 192.0.2.1
        hex("c6336402")); // 198.51.100.2
  }

  /** A 40-byte IPv6 header: traffic class 0, flow label 0, hop limit 64. */
  public static byte[] ipv6(int nextHeader, int payloadLength) {
    return concat(
        hex("60000000"),
        uint16(payloadLength),
        new byte[] {(byte) nextHeader, 64},
        hex("20010db8000000000000000000000001"),
        hex("20010db8000000000000000000000002"));
  }

  /** A 20-byte TCP header: sequence 1000, acknowledgment 2000, window 65535, no options. */
  public static byte[] tcp(int sourcePort, int destinationPort, int flags) {
    return concat(
        uint16(sourcePort),
        uint16(destinationPort),
        hex("000003e8 000007d0"),
        uint16((5 << 12) | flags),
        hex("ffff 0000 0000"));
  }

  public static byte[] udp(int sourcePort, int destinationPort, int payloadLength) {
    return concat(
        uint16(sourcePort), uint16(destinationPort), uint16(8 + payloadLength), hex("0000"));
  }

  public static byte[] uint16(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  public static byte[] payload(int length) {
    byte[] payload = new byte[length];
    for (int index = 0; index < length; index++) {
      payload[index] = (byte) index;
    }
    return payload;
  }
}
