package io.packetlake.pcap.decode;

/**
 * IPv4 headers (RFC 791).
 *
 * <pre>
 *  0       4       8               16    19                        32
 *  +-------+-------+---------------+-------------------------------+
 *  |version|  IHL  | type of serv. |         total length          |
 *  +-------+-------+---------------+-----+-------------------------+
 *  |        identification         |flags|     fragment offset     |
 *  +---------------+---------------+-----+-------------------------+
 *  | time to live  |   protocol    |        header checksum        |
 *  +---------------+---------------+-------------------------------+
 *  |                        source address                         |
 *  +---------------------------------------------------------------+
 *  |                     destination address                       |
 *  +---------------------------------------------------------------+
 *  |                options (IHL * 4 - 20 bytes)                   |
 *  +---------------------------------------------------------------+
 *   flags: reserved, DF (don't fragment), MF (more fragments); offset in 8-byte units
 * </pre>
 *
 * Fields are kept one by one as far as bytes were captured, so a header cut by the snap length
 * still yields its addresses when they were captured. Options are skipped by the IHL. A total
 * length of 0 is what TSO and BIG TCP captures carry for super-packets: the length on the wire is
 * used instead. A non-first fragment carries no transport header.
 */
final class Ipv4Decoder {
  private static final int MINIMUM_HEADER_LENGTH = 20;
  private static final int DONT_FRAGMENT = 0x4000;
  private static final int MORE_FRAGMENTS = 0x2000;
  private static final int OFFSET_MASK = 0x1FFF;

  private Ipv4Decoder() {}

  static void decode(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    int available = headers.end - offset;
    int wireAvailable = headers.wireEnd - offset;
    headers.ipVersion = 4;
    int headerLength = (data[offset] & 0x0F) * 4;
    headers.ipHeaderLength = headerLength;
    if (headerLength < MINIMUM_HEADER_LENGTH) {
      headers.malformedIp();
      return;
    }
    if (available < 2) {
      headers.truncated();
      return;
    }
    headers.ipTos = Bytes.uint8(data, offset + 1);
    if (available < 4) {
      headers.truncated();
      return;
    }
    int totalLengthField = Bytes.uint16(data, offset + 2);
    int totalLength = totalLengthField == 0 ? wireAvailable : totalLengthField;
    headers.ipTotalLength = totalLength;
    if (totalLength < headerLength) {
      headers.malformedIp();
      return;
    }
    if (available < 6) {
      headers.truncated();
      return;
    }
    headers.ipIdentification = Bytes.uint16(data, offset + 4);
    if (available < 8) {
      headers.truncated();
      return;
    }
    int flagsAndOffset = Bytes.uint16(data, offset + 6);
    int fragmentOffset = (flagsAndOffset & OFFSET_MASK) * 8;
    headers.dontFragment = (flagsAndOffset & DONT_FRAGMENT) != 0;
    headers.moreFragments = (flagsAndOffset & MORE_FRAGMENTS) != 0;
    headers.fragmentOffset = fragmentOffset;
    headers.fragment = headers.moreFragments || fragmentOffset > 0;
    if (available < 9) {
      headers.truncated();
      return;
    }
    headers.ttl = Bytes.uint8(data, offset + 8);
    if (available < 10) {
      headers.truncated();
      return;
    }
    int protocol = Bytes.uint8(data, offset + 9);
    headers.ipProtocol = protocol;
    headers.tunnel = Tunnel.forIpProtocol(protocol);
    if (available < 16) {
      headers.truncated();
      return;
    }
    headers.sourceAddress(offset + 12, 4);
    if (available < 20) {
      headers.truncated();
      return;
    }
    headers.destinationAddress(offset + 16, 4);
    if (totalLength > wireAvailable) {
      // The header claims bytes that were never on the wire; what is there is still decoded.
      headers.malformedIp();
    }
    if (available < headerLength) {
      headers.truncated();
      return;
    }
    int end = offset + Math.min(totalLength, wireAvailable);
    headers.ipPayloadOffset = offset + headerLength;
    headers.ipPayloadEnd = Math.max(end, offset + headerLength);
    if (fragmentOffset > 0) {
      return;
    }
    TransportDecoder.decode(headers, protocol, offset + headerLength, end);
  }
}
