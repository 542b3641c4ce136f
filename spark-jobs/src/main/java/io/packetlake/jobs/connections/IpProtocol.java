package io.packetlake.jobs.connections;

/** The IP protocol numbers the connection rules treat specially. */
final class IpProtocol {
  static final int ICMP = 1;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMPV6 = 58;

  private IpProtocol() {}

  /** The lower-case name network monitors use, or the number as text. */
  static String name(int protocol) {
    return switch (protocol) {
      case ICMP -> "icmp";
      case TCP -> "tcp";
      case UDP -> "udp";
      case ICMPV6 -> "icmpv6";
      case 2 -> "igmp";
      case 4 -> "ipip";
      case 41 -> "ipv6";
      case 47 -> "gre";
      case 50 -> "esp";
      case 51 -> "ah";
      case 89 -> "ospf";
      case 103 -> "pim";
      case 112 -> "vrrp";
      case 132 -> "sctp";
      default -> Integer.toString(protocol);
    };
  }

  static boolean isIcmp(int protocol) {
    return protocol == ICMP || protocol == ICMPV6;
  }

  static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP;
  }
}
