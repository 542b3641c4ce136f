package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * The two ends of a conversation as framed on the captured segment. The capture point sits on the
 * trunk of the site's LAN: a frame carries the VLAN tag of the local end, a peer on the same VLAN
 * is reached by its own MAC address and every other peer through the router's.
 */
final class Link {
  private final Host first;
  private final Host second;
  private final boolean ipv6;
  private final int vlanId;
  private final long firstMac;
  private final long secondMac;
  private final int typeOfService;
  private final int firstFlowLabel;
  private final int secondFlowLabel;
  private int firstIdentification;
  private int secondIdentification;

  /**
   * @param first the end that starts the conversation
   * @param second the other end
   * @param ipv6 whether the ends talk IPv6 (both must have an address)
   * @param typeOfService the DSCP/ECN byte (IPv6 traffic class) of both directions
   */
  Link(Host first, Host second, boolean ipv6, int typeOfService, SplittableRandom random) {
    this.first = requireNonNull(first, "first is null");
    this.second = requireNonNull(second, "second is null");
    if (ipv6 && !(first.hasIpv6() && second.hasIpv6())) {
      throw new IllegalArgumentException("Cannot link hosts over IPv6: an end has no IPv6 address");
    }
    Host view = first.local() ? first : second;
    if (!view.local()) {
      throw new IllegalArgumentException("Cannot link hosts: neither end is on the captured LAN");
    }
    this.ipv6 = ipv6;
    this.vlanId = view.vlanId();
    this.firstMac = macSeenFrom(view, first);
    this.secondMac = macSeenFrom(view, second);
    this.typeOfService = typeOfService;
    this.firstFlowLabel = random.nextInt(1 << 20);
    this.secondFlowLabel = random.nextInt(1 << 20);
    this.firstIdentification = random.nextInt(1 << 16);
    this.secondIdentification = random.nextInt(1 << 16);
  }

  private static long macSeenFrom(Host view, Host host) {
    return host.local() && host.vlanId() == view.vlanId() ? host.mac() : Network.ROUTER_MAC;
  }

  boolean ipv6() {
    return ipv6;
  }

  Host second() {
    return second;
  }

  /** Writes the Ethernet and IP headers of an unfragmented packet. */
  void begin(PacketBuilder builder, boolean fromFirst, int protocol) {
    Host source = fromFirst ? first : second;
    Host destination = fromFirst ? second : first;
    ethernet(builder, fromFirst);
    if (ipv6) {
      builder.ipv6(
          source.ipv6High(),
          source.ipv6Low(),
          destination.ipv6High(),
          destination.ipv6Low(),
          protocol,
          source.timeToLive(),
          typeOfService,
          fromFirst ? firstFlowLabel : secondFlowLabel);
    } else {
      builder.ipv4(
          source.ipv4(),
          destination.ipv4(),
          protocol,
          source.timeToLive(),
          nextIdentification(fromFirst),
          typeOfService,
          true);
    }
  }

  /** Writes the Ethernet header of a packet in one direction, with the link's IP version. */
  private void ethernet(PacketBuilder builder, boolean fromFirst) {
    builder.ethernet(
        fromFirst ? secondMac : firstMac,
        fromFirst ? firstMac : secondMac,
        vlanId,
        ipv6 ? PacketBuilder.ETHERTYPE_IPV6 : PacketBuilder.ETHERTYPE_IPV4);
  }

  /**
   * Writes the Ethernet and IP headers (IPv6: with a Fragment header) of one fragment.
   *
   * @param identification the datagram's IP identification (16 bits for IPv4, 32 for IPv6)
   * @param offset the fragment's offset in the datagram, a multiple of 8
   */
  void beginFragment(
      PacketBuilder builder,
      boolean fromFirst,
      int protocol,
      int identification,
      int offset,
      boolean moreFragments) {
    Host source = fromFirst ? first : second;
    Host destination = fromFirst ? second : first;
    ethernet(builder, fromFirst);
    if (ipv6) {
      builder.ipv6Fragment(
          source.ipv6High(),
          source.ipv6Low(),
          destination.ipv6High(),
          destination.ipv6Low(),
          protocol,
          source.timeToLive(),
          typeOfService,
          fromFirst ? firstFlowLabel : secondFlowLabel,
          offset,
          moreFragments,
          identification);
    } else {
      builder.ipv4Fragment(
          source.ipv4(),
          destination.ipv4(),
          protocol,
          source.timeToLive(),
          identification & 0xFFFF,
          typeOfService,
          offset,
          moreFragments);
    }
  }

  private int nextIdentification(boolean fromFirst) {
    if (fromFirst) {
      return firstIdentification++ & 0xFFFF;
    }
    return secondIdentification++ & 0xFFFF;
  }
}
