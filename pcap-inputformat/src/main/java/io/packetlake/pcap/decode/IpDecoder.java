package io.packetlake.pcap.decode;

/**
 * Chooses the IP decoder by the version nibble. The nibble decides even when the link layer
 * announced the other version (an IPv6 packet behind EtherType 0x0800, as tshark also decodes it),
 * but the packet is then reported as {@link DecodeStatus#MALFORMED_IP}.
 */
final class IpDecoder {
  private IpDecoder() {}

  /**
   * @param expectedVersion 4 or 6 when the link layer announced the version, 0 when it did not (raw
   *     IP, MPLS)
   */
  static void decode(PacketHeaders headers, int offset, int expectedVersion) {
    if (headers.end - offset < 1) {
      headers.truncated();
      return;
    }
    int version = Bytes.uint8(headers.data, offset) >>> 4;
    if (version != 4 && version != 6) {
      headers.malformedIp();
      return;
    }
    if (expectedVersion != 0 && version != expectedVersion) {
      headers.malformedIp();
    }
    if (version == 4) {
      Ipv4Decoder.decode(headers, offset);
    } else {
      Ipv6Decoder.decode(headers, offset);
    }
  }
}
