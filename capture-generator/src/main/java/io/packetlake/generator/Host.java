package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

/**
 * One end of generated conversations, as the capture point sees it.
 *
 * @param local whether the host sits on the captured site's LAN (else its frames come through the
 *     router)
 * @param mac the host's own 48-bit MAC address (unused for remote hosts)
 * @param vlanId the 802.1Q VLAN of a local host's segment, 0 when untagged
 * @param ipv4 the IPv4 address
 * @param hasIpv6 whether the host also has the IPv6 address below
 * @param ipv6High the upper 64 bits of the IPv6 address
 * @param ipv6Low the lower 64 bits (the interface identifier)
 * @param timeToLive TTL (and hop limit) of the host's packets when they reach the capture point
 * @param roundTripNanos time from the capture point to the host and back, stack included
 * @param stack how the host's TCP/IP stack behaves
 * @param name the DNS name of a server (empty for clients)
 */
record Host(
    boolean local,
    long mac,
    int vlanId,
    int ipv4,
    boolean hasIpv6,
    long ipv6High,
    long ipv6Low,
    int timeToLive,
    long roundTripNanos,
    HostStack stack,
    String name) {

  Host {
    requireNonNull(stack, "stack is null");
    requireNonNull(name, "name is null");
  }
}
