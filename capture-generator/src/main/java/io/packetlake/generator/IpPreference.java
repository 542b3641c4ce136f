package io.packetlake.generator;

import java.util.function.Supplier;

/** Which IP version a conversation should use when its hosts allow a choice. */
enum IpPreference {
  /** Whatever the hosts and the usual mix give. */
  ANY,
  IPV4,
  /** IPv6 when a dual-stack client and peer can be found. */
  IPV6;

  /** How many more hosts are picked, at most, in search of one with an IPv6 address. */
  private static final int IPV6_PICKS = 64;

  /**
   * {@code host}, or under {@link #IPV6} when it has no IPv6 address, the first host {@code again}
   * picks that has one ({@value #IPV6_PICKS} picks at most, then the last).
   */
  Host pick(Host host, Supplier<Host> again) {
    Host picked = host;
    for (int attempt = 0; this == IPV6 && !picked.hasIpv6() && attempt < IPV6_PICKS; attempt++) {
      picked = again.get();
    }
    return picked;
  }
}
