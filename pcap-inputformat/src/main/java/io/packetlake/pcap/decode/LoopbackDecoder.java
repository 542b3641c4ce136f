package io.packetlake.pcap.decode;

/**
 * BSD loopback encapsulations (LINKTYPE_NULL and LINKTYPE_LOOP in tcpdump's link-layer header types
 * list): a 4-byte address family, then the packet.
 *
 * <pre>
 *  0                4
 *  +----------------+-------------------
 *  | address family | IPv4 or IPv6 packet
 *  +----------------+-------------------
 * </pre>
 *
 * LINKTYPE_NULL stores the family in the capturing host's byte order, which the file does not
 * record: a value with any of its upper 16 bits set is read the other way round. LINKTYPE_LOOP
 * stores it in network byte order. AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28
 * (FreeBSD, DragonFly) or 30 (Darwin).
 */
final class LoopbackDecoder {
  private static final long AF_INET = 2;
  private static final long AF_INET6_BSD = 24;
  private static final long AF_INET6_FREEBSD = 28;
  private static final long AF_INET6_DARWIN = 30;

  private LoopbackDecoder() {}

  static void decodeHostOrder(PacketHeaders headers, int offset) {
    if (headers.end - offset < 4) {
      headers.truncated();
      return;
    }
    long family = Bytes.uint32LittleEndian(headers.data, offset);
    if ((family & 0xFFFF_0000L) != 0) {
      family = Bytes.uint32(headers.data, offset);
    }
    decodeFamily(headers, family, offset + 4);
  }

  static void decodeNetworkOrder(PacketHeaders headers, int offset) {
    if (headers.end - offset < 4) {
      headers.truncated();
      return;
    }
    decodeFamily(headers, Bytes.uint32(headers.data, offset), offset + 4);
  }

  private static void decodeFamily(PacketHeaders headers, long family, int payloadOffset) {
    if (family == AF_INET) {
      IpDecoder.decode(headers, payloadOffset, 4);
    } else if (family == AF_INET6_BSD || family == AF_INET6_FREEBSD || family == AF_INET6_DARWIN) {
      IpDecoder.decode(headers, payloadOffset, 6);
    } else {
      headers.notIp();
    }
  }
}
