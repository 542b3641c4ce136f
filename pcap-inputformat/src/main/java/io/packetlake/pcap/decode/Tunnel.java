package io.packetlake.pcap.decode;

/**
 * Encapsulation found in a packet whose inner packet is not decoded. The outer headers' fields are
 * kept; this value tells that the transport fields (if any) belong to the tunnel, not to the
 * traffic inside it.
 */
public enum Tunnel {
  /** No tunnel recognised. */
  NONE,
  /** IP protocol 4: an IPv4 packet inside IPv4 or IPv6 (RFC 2003, RFC 2473). */
  IPIP,
  /**
   * IP protocol 41: an IPv6 packet inside IPv4 (6in4, RFC 4213); also reported for IPv6 inside IPv6
   * (RFC 2473), which uses the same protocol number.
   */
  IPV6_IN_IPV4,
  /** IP protocol 47: Generic Routing Encapsulation (RFC 2784), including PPTP's enhanced GRE. */
  GRE,
  /** UDP port 4789: VXLAN (RFC 7348). */
  VXLAN,
  /** UDP port 6081: Geneve (RFC 8926). */
  GENEVE,
  /** UDP port 2152: GTP-U, the GPRS/LTE user-plane tunnel (3GPP TS 29.281). */
  GTP_U,
  /** UDP port 1701, or IP protocol 115: L2TP (RFC 2661, RFC 3931). */
  L2TP,
  /** UDP port 3544: Teredo, IPv6 inside UDP over IPv4 (RFC 4380). */
  TEREDO;

  private static final int VXLAN_PORT = 4789;
  private static final int GENEVE_PORT = 6081;
  private static final int GTP_USER_PORT = 2152;
  private static final int L2TP_PORT = 1701;
  private static final int TEREDO_PORT = 3544;

  /** The tunnel an IP protocol number stands for, or {@link #NONE}. */
  static Tunnel forIpProtocol(int protocol) {
    return switch (protocol) {
      case IpProtocols.IPV4 -> IPIP;
      case IpProtocols.IPV6 -> IPV6_IN_IPV4;
      case IpProtocols.GRE -> GRE;
      case IpProtocols.L2TP -> L2TP;
      default -> NONE;
    };
  }

  /** The tunnel a UDP datagram's ports stand for (destination port first), or {@link #NONE}. */
  static Tunnel forUdpPorts(int sourcePort, int destinationPort) {
    Tunnel tunnel = forUdpPort(destinationPort);
    return tunnel != NONE ? tunnel : forUdpPort(sourcePort);
  }

  private static Tunnel forUdpPort(int port) {
    return switch (port) {
      case VXLAN_PORT -> VXLAN;
      case GENEVE_PORT -> GENEVE;
      case GTP_USER_PORT -> GTP_U;
      case L2TP_PORT -> L2TP;
      case TEREDO_PORT -> TEREDO;
      default -> NONE;
    };
  }
}
