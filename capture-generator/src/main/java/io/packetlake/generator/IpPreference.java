package io.packetlake.generator;

/** Which IP version a conversation should use when its hosts allow a choice. */
enum IpPreference {
  /** Whatever the hosts and the usual mix give. */
  ANY,
  IPV4,
  /** IPv6 when a dual-stack client and peer can be found. */
  IPV6
}
