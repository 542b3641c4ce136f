package io.packetlake.udfs;

import java.util.Arrays;
import java.util.List;

/**
 * The class of an address per the IANA special-purpose address registries (RFC 6890 and its
 * updates), collapsed to the few words analysts filter on. Prefixes are checked most specific
 * first, so that for example {@code 192.0.2.0/24} is documentation rather than reserved.
 *
 * <table>
 *   <caption>Classes</caption>
 *   <tr><td>unspecified</td><td>0.0.0.0, ::</td></tr>
 *   <tr><td>loopback</td><td>127.0.0.0/8, ::1</td></tr>
 *   <tr><td>private</td><td>10/8, 172.16/12, 192.168/16 (RFC 1918), fc00::/7 (unique local)</td></tr>
 *   <tr><td>shared</td><td>100.64.0.0/10, carrier-grade NAT (RFC 6598)</td></tr>
 *   <tr><td>link-local</td><td>169.254.0.0/16, fe80::/10</td></tr>
 *   <tr><td>multicast</td><td>224.0.0.0/4, ff00::/8</td></tr>
 *   <tr><td>broadcast</td><td>255.255.255.255</td></tr>
 *   <tr><td>documentation</td><td>192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32,
 *       3fff::/20</td></tr>
 *   <tr><td>reserved</td><td>0/8, 192.0.0/24, 192.88.99/24, 198.18/15 (benchmarking),
 *       240/4, 100::/64, 2001::/23, 5f00::/16, and IPv6 outside 2000::/3</td></tr>
 *   <tr><td>public</td><td>everything else</td></tr>
 * </table>
 *
 * <p>IPv4-mapped ({@code ::ffff:0:0/96}) and NAT64 ({@code 64:ff9b::/96}) addresses take the class
 * of the IPv4 address they carry, because that is the host they reach.
 */
public final class AddressClasses {
  public static final String UNSPECIFIED = "unspecified";
  public static final String LOOPBACK = "loopback";
  public static final String PRIVATE = "private";
  public static final String SHARED = "shared";
  public static final String LINK_LOCAL = "link-local";
  public static final String MULTICAST = "multicast";
  public static final String BROADCAST = "broadcast";
  public static final String DOCUMENTATION = "documentation";
  public static final String RESERVED = "reserved";
  public static final String PUBLIC = "public";

  private static final List<Entry> IPV4 =
      List.of(
          entry("0.0.0.0/32", UNSPECIFIED),
          entry("255.255.255.255/32", BROADCAST),
          entry("192.0.2.0/24", DOCUMENTATION),
          entry("198.51.100.0/24", DOCUMENTATION),
          entry("203.0.113.0/24", DOCUMENTATION),
          entry("192.0.0.0/24", RESERVED),
          entry("192.88.99.0/24", RESERVED),
          entry("169.254.0.0/16", LINK_LOCAL),
          entry("192.168.0.0/16", PRIVATE),
          entry("198.18.0.0/15", RESERVED),
          entry("172.16.0.0/12", PRIVATE),
          entry("100.64.0.0/10", SHARED),
          entry("0.0.0.0/8", RESERVED),
          entry("10.0.0.0/8", PRIVATE),
          entry("127.0.0.0/8", LOOPBACK),
          entry("224.0.0.0/4", MULTICAST),
          entry("240.0.0.0/4", RESERVED));

  private static final List<Entry> IPV6 =
      List.of(
          entry("::/128", UNSPECIFIED),
          entry("::1/128", LOOPBACK),
          entry("100::/64", RESERVED),
          entry("2001:db8::/32", DOCUMENTATION),
          entry("2001::/23", RESERVED),
          entry("3fff::/20", DOCUMENTATION),
          entry("5f00::/16", RESERVED),
          entry("fe80::/10", LINK_LOCAL),
          entry("fc00::/7", PRIVATE),
          entry("ff00::/8", MULTICAST),
          entry("2000::/3", PUBLIC));

  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

  private AddressClasses() {}

  /** The class of the address text, or null when it is not an address. */
  public static String classify(String address) {
    byte[] bytes = IpAddresses.parse(address);
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 4) {
      return classifyIpv4(bytes);
    }
    if (IpAddresses.isIpv4Mapped(bytes) || NAT64.contains(bytes)) {
      return classifyIpv4(Arrays.copyOfRange(bytes, 12, 16));
    }
    for (Entry entry : IPV6) {
      if (entry.prefix().contains(bytes)) {
        return entry.addressClass();
      }
    }
    // Unicast space outside 2000::/3 is not assigned by IANA.
    return RESERVED;
  }

  private static String classifyIpv4(byte[] bytes) {
    for (Entry entry : IPV4) {
      if (entry.prefix().contains(bytes)) {
        return entry.addressClass();
      }
    }
    return PUBLIC;
  }

  private static Entry entry(String prefix, String addressClass) {
    return new Entry(Cidr.parse(prefix), addressClass);
  }

  private record Entry(Cidr prefix, String addressClass) {}
}
