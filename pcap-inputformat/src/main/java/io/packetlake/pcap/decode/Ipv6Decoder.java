package io.packetlake.pcap.decode;

/**
 * IPv6 headers and extension headers (RFC 8200), up to the upper-layer header.
 *
 * <pre>
 *  0       4               12                                      32
 *  +-------+---------------+---------------------------------------+
 *  |version| traffic class |              flow label               |
 *  +-------+---------------+-------+---------------+---------------+
 *  |        payload length         |  next header  |   hop limit   |
 *  +-------------------------------+---------------+---------------+
 *  |                  source address (16 bytes)                    |
 *  +---------------------------------------------------------------+
 *  |                destination address (16 bytes)                 |
 *  +---------------------------------------------------------------+
 *
 *  Extension headers walked: hop-by-hop (0), routing (43), destination options (60), mobility
 *  (135), HIP (139), shim6 (140):
 *  +---------------+---------------+-------------------------------
 *  |  next header  | length        | (length + 1) * 8 bytes in all
 *  +---------------+---------------+-------------------------------
 *  authentication header (51, RFC 4302): length is (length + 2) * 4 bytes in all
 *  fragment (44):
 *  +---------------+---------------+-----------------------+---+---+
 *  |  next header  |   reserved    |  offset (8-byte units)|res| M |
 *  +---------------+---------------+-----------------------+---+---+
 *  |                        identification                         |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * ESP (50) and No Next Header (59) end the walk. A payload length of 0 means a jumbogram when the
 * hop-by-hop header carries a Jumbo Payload option (RFC 2675); without one it is what BIG TCP
 * captures carry, and the length on the wire is used. The walk stops at a fragment header with a
 * non-zero offset: the rest is the middle of another packet.
 */
final class Ipv6Decoder {
  private static final int HEADER_LENGTH = 40;
  private static final int JUMBO_PAYLOAD_OPTION = 0xC2;
  private static final int PAD1_OPTION = 0;

  /**
   * Longest extension header chain walked. Every header takes at least 8 bytes, so the chain is
   * bounded by the packet anyway; this caps the work per packet whatever the snap length, while
   * still seeing through the long chains used to hide the upper layer from middleboxes (tcpdump's
   * test captures chain 100).
   */
  static final int MAX_EXTENSION_HEADERS = 128;

  private Ipv6Decoder() {}

  static void decode(PacketHeaders headers, int offset) {
    if (decodeFixedHeader(headers, offset)) {
      walkToUpperLayer(headers, offset, payloadEnd(headers, offset));
    }
  }

  /** Reads the fixed header as far as it was captured; whether all 40 bytes were. */
  private static boolean decodeFixedHeader(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    int available = headers.end - offset;
    headers.ipVersion = 6;
    if (available < 4) {
      headers.truncated();
      return false;
    }
    long versionClassAndLabel = Bytes.uint32(data, offset);
    headers.ipTos = (int) ((versionClassAndLabel >>> 20) & 0xFF);
    headers.flowLabel = (int) (versionClassAndLabel & 0xF_FFFF);
    if (available < 6) {
      headers.truncated();
      return false;
    }
    headers.ipv6PayloadLength = Bytes.uint16(data, offset + 4);
    if (available < 7) {
      headers.truncated();
      return false;
    }
    int nextHeader = Bytes.uint8(data, offset + 6);
    headers.ipv6NextHeader = nextHeader;
    headers.ipProtocol = nextHeader;
    if (available < 8) {
      headers.truncated();
      return false;
    }
    headers.ttl = Bytes.uint8(data, offset + 7);
    if (available < 24) {
      headers.truncated();
      return false;
    }
    headers.sourceAddress(offset + 8, 16);
    if (available < HEADER_LENGTH) {
      headers.truncated();
      return false;
    }
    headers.destinationAddress(offset + 24, 16);
    headers.ipHeaderLength = HEADER_LENGTH;
    return true;
  }

  /**
   * Sets the total length from the Payload Length field (the length on the wire when it is 0) and
   * returns where the payload ends, bounded by what was on the wire.
   */
  private static int payloadEnd(PacketHeaders headers, int offset) {
    long wireEnd = headers.wireEnd;
    int payloadLengthField = headers.ipv6PayloadLength;
    long claimedEnd =
        payloadLengthField != 0 ? offset + HEADER_LENGTH + (long) payloadLengthField : wireEnd;
    setTotalLength(headers, claimedEnd - offset);
    if (claimedEnd > wireEnd) {
      headers.malformedIp();
    }
    return (int) Math.min(claimedEnd, wireEnd);
  }

  /**
   * Walks the extension headers from the fixed header's Next Header on, then decodes the transport
   * header when the walk reached it.
   *
   * @param end where the payload ends; a Jumbo Payload option moves it
   */
  private static void walkToUpperLayer(PacketHeaders headers, int offset, int end) {
    byte[] data = headers.data;
    boolean jumbogramPossible =
        headers.ipv6PayloadLength == 0 && headers.ipv6NextHeader == IpProtocols.HOP_BY_HOP;
    int protocol = headers.ipv6NextHeader;
    int position = offset + HEADER_LENGTH;
    boolean reachedUpperLayer = true;
    boolean laterFragment = false;
    for (int count = 0; isExtensionHeader(protocol); count++) {
      boolean readsBody = protocol == IpProtocols.FRAGMENT || (count == 0 && jumbogramPossible);
      int length = walkableHeaderLength(headers, protocol, position, end, count, readsBody);
      if (length < 0) {
        reachedUpperLayer = false;
        break;
      }
      if (protocol == IpProtocols.FRAGMENT && decodeFragmentHeader(headers, position) > 0) {
        // A non-first fragment: the rest is the middle of another packet.
        protocol = Bytes.uint8(data, position);
        position += length;
        reachedUpperLayer = false;
        laterFragment = true;
        break;
      }
      if (protocol != IpProtocols.FRAGMENT && count == 0 && jumbogramPossible) {
        end = jumbogramEnd(headers, offset, position, length, end);
      }
      protocol = Bytes.uint8(data, position);
      position += length;
    }
    headers.ipProtocol = protocol;
    headers.ipHeaderLength = position - offset;
    headers.tunnel = Tunnel.forIpProtocol(protocol);
    if (reachedUpperLayer || laterFragment) {
      headers.ipPayloadOffset = position;
      headers.ipPayloadEnd = Math.max(end, position);
    }
    if (reachedUpperLayer) {
      TransportDecoder.decode(headers, protocol, position, end);
    }
  }

  /**
   * The length of the extension header at {@code position}, or -1 after reporting why the chain
   * cannot be walked past it: too long a chain, a header that overruns the payload (malformed), or
   * one whose bytes that are read were not captured (truncated).
   *
   * @param readsBody whether more than the next-header and length bytes are read
   */
  private static int walkableHeaderLength(
      PacketHeaders headers, int protocol, int position, int end, int count, boolean readsBody) {
    // Not even the next-header and length bytes fit in the payload: the chain is broken.
    if (count == MAX_EXTENSION_HEADERS || position + 2 > end) {
      headers.malformedIp();
      return -1;
    }
    if (position + 2 > headers.end) {
      headers.truncated();
      return -1;
    }
    int length = extensionHeaderLength(protocol, Bytes.uint8(headers.data, position + 1));
    if (position + length > end) {
      headers.malformedIp();
      return -1;
    }
    if (readsBody && position + length > headers.end) {
      headers.truncated();
      return -1;
    }
    return length;
  }

  /** Keeps the fields of the first fragment header met; returns this one's offset in bytes. */
  private static int decodeFragmentHeader(PacketHeaders headers, int position) {
    byte[] data = headers.data;
    int offsetAndFlags = Bytes.uint16(data, position + 2);
    int fragmentOffset = offsetAndFlags & 0xFFF8;
    if (!headers.fragment) {
      headers.fragment = true;
      headers.fragmentOffset = fragmentOffset;
      headers.moreFragments = (offsetAndFlags & 1) != 0;
      headers.ipIdentification = Bytes.uint32(data, position + 4);
    }
    return fragmentOffset;
  }

  /**
   * Where the payload ends when the hop-by-hop header at {@code position} carries a Jumbo Payload
   * option, which then also sets the total length; {@code end} otherwise.
   */
  private static int jumbogramEnd(
      PacketHeaders headers, int offset, int position, int length, int end) {
    long jumboLength = jumboPayloadLength(headers.data, position + 2, position + length);
    if (jumboLength < 0) {
      return end;
    }
    long wireEnd = headers.wireEnd;
    long jumboEnd = offset + HEADER_LENGTH + jumboLength;
    setTotalLength(headers, jumboEnd - offset);
    if (jumboEnd > wireEnd) {
      headers.malformedIp();
    }
    return (int) Math.min(jumboEnd, wireEnd);
  }

  private static boolean isExtensionHeader(int protocol) {
    return switch (protocol) {
      case IpProtocols.HOP_BY_HOP,
          IpProtocols.ROUTING,
          IpProtocols.FRAGMENT,
          IpProtocols.AUTHENTICATION,
          IpProtocols.DESTINATION_OPTIONS,
          IpProtocols.MOBILITY,
          IpProtocols.HOST_IDENTITY,
          IpProtocols.SHIM6 ->
          true;
      default -> false;
    };
  }

  private static int extensionHeaderLength(int protocol, int lengthField) {
    return switch (protocol) {
      case IpProtocols.FRAGMENT -> 8;
      case IpProtocols.AUTHENTICATION -> (lengthField + 2) * 4;
      default -> (lengthField + 1) * 8;
    };
  }

  /** The Jumbo Payload option's value among the options in {@code [from, to)}, or -1. */
  private static long jumboPayloadLength(byte[] data, int from, int to) {
    int position = from;
    while (position < to) {
      int type = Bytes.uint8(data, position);
      if (type == PAD1_OPTION) {
        position++;
        continue;
      }
      if (position + 2 > to) {
        return -1;
      }
      int length = Bytes.uint8(data, position + 1);
      if (type == JUMBO_PAYLOAD_OPTION && length == 4 && position + 6 <= to) {
        return Bytes.uint32(data, position + 2);
      }
      position += 2 + length;
    }
    return -1;
  }

  private static void setTotalLength(PacketHeaders headers, long payloadEndFromHeader) {
    headers.ipTotalLength = (int) Math.min(payloadEndFromHeader, Integer.MAX_VALUE);
  }
}
