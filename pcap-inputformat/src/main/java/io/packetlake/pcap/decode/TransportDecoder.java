package io.packetlake.pcap.decode;

/**
 * TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443) headers.
 *
 * <pre>
 *  TCP:
 *  0               8               16              24              32
 *  +-------------------------------+-------------------------------+
 *  |          source port          |        destination port       |
 *  +-------------------------------+-------------------------------+
 *  |                        sequence number                        |
 *  +---------------------------------------------------------------+
 *  |                     acknowledgment number                     |
 *  +-------+-----+-+-+-+-+-+-+-+-+-+-------------------------------+
 *  | data  |rsrvd|N|C|E|U|A|P|R|S|F|             window            |
 *  | offset|     |S|W|C|R|C|S|S|Y|I|                               |
 *  +-------+-----+-+-+-+-+-+-+-+-+-+-------------------------------+
 *  |           checksum            |         urgent pointer        |
 *  +-------------------------------+-------------------------------+
 *
 *  UDP:
 *  +-------------------------------+-------------------------------+
 *  |          source port          |        destination port       |
 *  +-------------------------------+-------------------------------+
 *  |            length             |            checksum           |
 *  +-------------------------------+-------------------------------+
 *
 *  ICMP and ICMPv6:
 *  +---------------+---------------+-------------------------------+
 *  |     type      |     code      |            checksum           |
 *  +---------------+---------------+-------------------------------+
 * </pre>
 *
 * A header is read only as far as it lies inside the IP payload ({@code end}, bounded by what was
 * on the wire) and was captured: reaching past the payload is {@link
 * DecodeStatus#MALFORMED_TRANSPORT}, past the captured bytes {@link DecodeStatus#TRUNCATED}. Like
 * tshark, the TCP fields after the ports are kept only when the 20-byte fixed header was captured.
 */
final class TransportDecoder {
  private static final int TCP_MINIMUM_HEADER_LENGTH = 20;
  private static final int UDP_HEADER_LENGTH = 8;
  private static final int ICMP_HEADER_LENGTH = 4;

  private TransportDecoder() {}

  /**
   * @param offset where the transport header starts
   * @param end where the IP payload ends (exclusive), as far as it was on the wire; may lie beyond
   *     the captured bytes
   */
  static void decode(PacketHeaders headers, int protocol, int offset, int end) {
    switch (protocol) {
      case IpProtocols.TCP -> decodeTcp(headers, offset, end);
      case IpProtocols.UDP -> decodeUdp(headers, offset, end);
      case IpProtocols.ICMP, IpProtocols.ICMPV6 -> decodeIcmp(headers, offset, end);
      default -> {
        // Tunnels and other protocols: nothing more is decoded.
      }
    }
  }

  private static void decodeTcp(PacketHeaders headers, int offset, int end) {
    byte[] data = headers.data;
    if (!contains(headers, offset, 4, end)) {
      return;
    }
    headers.sourcePort = Bytes.uint16(data, offset);
    headers.destinationPort = Bytes.uint16(data, offset + 2);
    if (!contains(headers, offset, TCP_MINIMUM_HEADER_LENGTH, end)) {
      return;
    }
    headers.tcpSequence = Bytes.uint32(data, offset + 4);
    headers.tcpAcknowledgment = Bytes.uint32(data, offset + 8);
    int headerLength = (Bytes.uint8(data, offset + 12) >>> 4) * 4;
    headers.tcpHeaderLength = headerLength;
    headers.tcpFlags = Bytes.uint16(data, offset + 12) & 0x0FFF;
    headers.tcpWindow = Bytes.uint16(data, offset + 14);
    int segmentLength = end - offset;
    if (headerLength < TCP_MINIMUM_HEADER_LENGTH || headerLength > segmentLength) {
      headers.malformedTransport();
      return;
    }
    headers.payloadLength = segmentLength - headerLength;
    headers.payloadOffset = offset + headerLength;
    if (offset + headerLength > headers.end) {
      // Options cut by the snap length; the fixed header and the lengths are known.
      headers.truncated();
    }
  }

  private static void decodeUdp(PacketHeaders headers, int offset, int end) {
    byte[] data = headers.data;
    if (!contains(headers, offset, 4, end)) {
      return;
    }
    int sourcePort = Bytes.uint16(data, offset);
    int destinationPort = Bytes.uint16(data, offset + 2);
    headers.sourcePort = sourcePort;
    headers.destinationPort = destinationPort;
    headers.tunnel = Tunnel.forUdpPorts(sourcePort, destinationPort);
    if (!contains(headers, offset, 6, end)) {
      return;
    }
    int length = Bytes.uint16(data, offset + 4);
    headers.udpLength = length;
    if (!contains(headers, offset, UDP_HEADER_LENGTH, end)) {
      return;
    }
    int segmentLength = end - offset;
    if (length == 0 && headers.ipVersion == 6 && segmentLength > 0xFFFF) {
      // A jumbogram's UDP length is 0 (RFC 2675 section 4).
      headers.payloadLength = segmentLength - UDP_HEADER_LENGTH;
      headers.payloadOffset = offset + UDP_HEADER_LENGTH;
      return;
    }
    if (length < UDP_HEADER_LENGTH) {
      headers.malformedTransport();
      return;
    }
    if (length > segmentLength && !headers.fragment) {
      headers.malformedTransport();
    }
    headers.payloadLength = Math.min(length, segmentLength) - UDP_HEADER_LENGTH;
    headers.payloadOffset = offset + UDP_HEADER_LENGTH;
  }

  private static void decodeIcmp(PacketHeaders headers, int offset, int end) {
    byte[] data = headers.data;
    if (!contains(headers, offset, 1, end)) {
      return;
    }
    headers.icmpType = Bytes.uint8(data, offset);
    if (!contains(headers, offset, 2, end)) {
      return;
    }
    headers.icmpCode = Bytes.uint8(data, offset + 1);
    contains(headers, offset, ICMP_HEADER_LENGTH, end);
  }

  /**
   * Whether {@code length} bytes at {@code offset} lie inside the IP payload and were captured;
   * reports which of the two failed otherwise.
   */
  private static boolean contains(PacketHeaders headers, int offset, int length, int end) {
    if (offset + length > end) {
      headers.malformedTransport();
      return false;
    }
    if (offset + length > headers.end) {
      headers.truncated();
      return false;
    }
    return true;
  }
}
