package io.packetlake.pcap.decode;

/** IP protocol numbers (IANA "Assigned Internet Protocol Numbers") used by the decoder. */
final class IpProtocols {
  static final int HOP_BY_HOP = 0;
  static final int ICMP = 1;
  static final int IPV4 = 4;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int IPV6 = 41;
  static final int ROUTING = 43;
  static final int FRAGMENT = 44;
  static final int GRE = 47;
  static final int ENCAPSULATING_SECURITY_PAYLOAD = 50;
  static final int AUTHENTICATION = 51;
  static final int ICMPV6 = 58;
  static final int NO_NEXT_HEADER = 59;
  static final int DESTINATION_OPTIONS = 60;
  static final int L2TP = 115;
  static final int MOBILITY = 135;
  static final int HOST_IDENTITY = 139;
  static final int SHIM6 = 140;

  private IpProtocols() {}
}
