package io.packetlake.pcap.decode;

/**
 * An MPLS label stack (RFC 3032) followed by an IP packet.
 *
 * <pre>
 *  0                                       20        23  24        32
 *  +---------------------------------------+---------+---+---------+
 *  | label                                 | TC      | S | TTL     |   repeated until S = 1
 *  +---------------------------------------+---------+---+---------+
 * </pre>
 *
 * MPLS does not say what follows the bottom of the stack; like tcpdump and tshark the decoder looks
 * at the first nibble: 4 is IPv4, 6 is IPv6, anything else (a pseudowire control word, Ethernet) is
 * not decoded.
 */
final class MplsDecoder {
  /** Deeper stacks than this are not real traffic. */
  static final int MAX_LABELS = 16;

  private MplsDecoder() {}

  static void decode(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    int position = offset;
    for (int labels = 0; ; labels++) {
      if (labels == MAX_LABELS) {
        headers.malformedLink();
        return;
      }
      if (headers.end - position < 4) {
        headers.truncated();
        return;
      }
      boolean bottomOfStack = (data[position + 2] & 1) != 0;
      position += 4;
      if (bottomOfStack) {
        break;
      }
    }
    if (position >= headers.end) {
      headers.truncated();
      return;
    }
    int version = Bytes.uint8(data, position) >>> 4;
    if (version == 4 || version == 6) {
      IpDecoder.decode(headers, position, 0);
    } else {
      headers.notIp();
    }
  }
}
