package io.packetlake.pcap.decode;

/**
 * LINKTYPE_* values understood by {@link PacketDecoder}, from tcpdump's list of link-layer header
 * types (https://www.tcpdump.org/linktypes.html).
 */
public final class LinkTypes {
  /** BSD loopback: a 4-byte address family in the byte order of the capturing host. */
  public static final int NULL = 0;

  /** IEEE 802.3 Ethernet (and Ethernet II). */
  public static final int ETHERNET = 1;

  /** PPP (RFC 1661), optionally in HDLC-like framing (RFC 1662). */
  public static final int PPP = 9;

  /** Raw IP as written under DLT_RAW's value on most platforms. */
  public static final int RAW_DLT_12 = 12;

  /** Raw IP as written under DLT_RAW's value on OpenBSD. */
  public static final int RAW_DLT_14 = 14;

  /** PPP in HDLC-like framing (RFC 1662). */
  public static final int PPP_HDLC = 50;

  /** Raw IP: the packet starts with an IPv4 or IPv6 header. */
  public static final int RAW = 101;

  /** Cisco HDLC: address, control and an EtherType. */
  public static final int C_HDLC = 104;

  /** OpenBSD loopback: a 4-byte address family in network byte order. */
  public static final int LOOP = 108;

  /** Linux "cooked" capture, version 1 (16-byte header). */
  public static final int LINUX_SLL = 113;

  /** Raw IPv4. */
  public static final int IPV4 = 228;

  /** Raw IPv6. */
  public static final int IPV6 = 229;

  /** Linux "cooked" capture, version 2 (20-byte header). */
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}

  /** Whether {@link PacketDecoder} decodes packets of this link type. */
  public static boolean isSupported(int linkType) {
    return switch (linkType) {
      case NULL,
          ETHERNET,
          PPP,
          RAW_DLT_12,
          RAW_DLT_14,
          PPP_HDLC,
          RAW,
          C_HDLC,
          LOOP,
          LINUX_SLL,
          IPV4,
          IPV6,
          LINUX_SLL2 ->
          true;
      default -> false;
    };
  }
}
