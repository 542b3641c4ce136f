package io.packetlake.pcap.decode;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers"): the value of the {@code
 * ip_protocol} column and of IPv6 next-header fields, with the names network monitors give them.
 * The one definition of these numbers in the project.
 */
public final class IpProtocols {
  public static final int HOP_BY_HOP = 0;
  public static final int ICMP = 1;
  public static final int IGMP = 2;
  public static final int IPV4 = 4;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int IPV6 = 41;
  public static final int ROUTING = 43;
  public static final int FRAGMENT = 44;
  public static final int GRE = 47;
  public static final int ENCAPSULATING_SECURITY_PAYLOAD = 50;
  public static final int AUTHENTICATION = 51;
  public static final int ICMPV6 = 58;
  public static final int NO_NEXT_HEADER = 59;
  public static final int DESTINATION_OPTIONS = 60;
  public static final int OSPF = 89;
  public static final int PIM = 103;
  public static final int VRRP = 112;
  public static final int L2TP = 115;
  public static final int SCTP = 132;
  public static final int MOBILITY = 135;
  public static final int HOST_IDENTITY = 139;
  public static final int SHIM6 = 140;

  private IpProtocols() {}

  /**
   * The lower-case name network monitors (Zeek, nfdump) use for a transport protocol, or the number
   * as text for the others.
   */
  public static String name(int protocol) {
    return switch (protocol) {
      case ICMP -> "icmp";
      case IGMP -> "igmp";
      case IPV4 -> "ipip";
      case TCP -> "tcp";
      case UDP -> "udp";
      case IPV6 -> "ipv6";
      case GRE -> "gre";
      case ENCAPSULATING_SECURITY_PAYLOAD -> "esp";
      case AUTHENTICATION -> "ah";
      case ICMPV6 -> "icmpv6";
      case OSPF -> "ospf";
      case PIM -> "pim";
      case VRRP -> "vrrp";
      case SCTP -> "sctp";
      default -> Integer.toString(protocol);
    };
  }

  /** ICMP or ICMPv6: the packet's type and code say what it is. */
  public static boolean isIcmp(int protocol) {
    return protocol == ICMP || protocol == ICMPV6;
  }

  /** TCP or UDP: the protocols whose ports the packets table keeps. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP;
  }
}
