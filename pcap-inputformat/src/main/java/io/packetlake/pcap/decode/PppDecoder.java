package io.packetlake.pcap.decode;

/**
 * PPP (RFC 1661) as captured under LINKTYPE_PPP and LINKTYPE_PPP_HDLC, and PPP over Ethernet
 * sessions (RFC 2516).
 *
 * <pre>
 *  PPP, with the optional HDLC-like address and control fields (RFC 1662):
 *  0         1         2                    4
 *  +---------+---------+--------------------+---------
 *  | 0xff    | 0x03    | protocol (1 or 2)  | payload
 *  +---------+---------+--------------------+---------
 *
 *  PPPoE session stage, EtherType 0x8864:
 *  0      1      2               4                 6                  8
 *  +------+------+---------------+-----------------+------------------+---------
 *  | 0x11 | code | session id    | length          | PPP protocol     | payload
 *  +------+------+---------------+-----------------+------------------+---------
 *   version 1, type 1
 * </pre>
 *
 * A protocol whose first byte is odd is a one-byte compressed protocol field (RFC 1661 section
 * 6.5). 0x0021 is IPv4, 0x0057 IPv6, 0x0281 and 0x0283 MPLS (RFC 3032).
 */
final class PppDecoder {
  private static final int ALL_STATIONS = 0xFF;
  private static final int UNNUMBERED_INFORMATION = 0x03;
  private static final int PPPOE_VERSION_AND_TYPE = 0x11;
  private static final int PPPOE_HEADER_LENGTH = 6;
  private static final int PROTOCOL_IPV4 = 0x0021;
  private static final int PROTOCOL_IPV6 = 0x0057;
  private static final int PROTOCOL_MPLS_UNICAST = 0x0281;
  private static final int PROTOCOL_MPLS_MULTICAST = 0x0283;

  private PppDecoder() {}

  static void decode(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    int position = offset;
    if (headers.end - position >= 2
        && Bytes.uint8(data, position) == ALL_STATIONS
        && Bytes.uint8(data, position + 1) == UNNUMBERED_INFORMATION) {
      position += 2;
    }
    decodeProtocol(headers, position);
  }

  static void decodePppoeSession(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < 1) {
      headers.truncated();
      return;
    }
    if (Bytes.uint8(data, offset) != PPPOE_VERSION_AND_TYPE) {
      headers.malformedLink();
      return;
    }
    if (headers.end - offset < PPPOE_HEADER_LENGTH) {
      headers.truncated();
      return;
    }
    decodeProtocol(headers, offset + PPPOE_HEADER_LENGTH);
  }

  private static void decodeProtocol(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < 1) {
      headers.truncated();
      return;
    }
    int protocol;
    int payloadOffset;
    if ((data[offset] & 1) != 0) {
      protocol = Bytes.uint8(data, offset);
      payloadOffset = offset + 1;
    } else {
      if (headers.end - offset < 2) {
        headers.truncated();
        return;
      }
      protocol = Bytes.uint16(data, offset);
      payloadOffset = offset + 2;
    }
    switch (protocol) {
      case PROTOCOL_IPV4 -> IpDecoder.decode(headers, payloadOffset, 4);
      case PROTOCOL_IPV6 -> IpDecoder.decode(headers, payloadOffset, 6);
      case PROTOCOL_MPLS_UNICAST, PROTOCOL_MPLS_MULTICAST ->
          MplsDecoder.decode(headers, payloadOffset);
      default -> headers.notIp();
    }
  }
}
