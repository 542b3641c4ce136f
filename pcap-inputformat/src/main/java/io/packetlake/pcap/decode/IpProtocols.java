package io.packetlake.pcap.decode;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers"): the decoder's and the
 * generator's.
 */
public final class IpProtocols {
  public static final int HOP_BY_HOP = 0;
  public static final int ICMP = 1;
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
  public static final int L2TP = 115;
  public static final int MOBILITY = 135;
  public static final int HOST_IDENTITY = 139;
  public static final int SHIM6 = 140;

  private IpProtocols() {}
}
