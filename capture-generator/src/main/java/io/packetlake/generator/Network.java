package io.packetlake.generator;

import java.util.SplittableRandom;

/**
 * The generated site and the Internet around it.
 *
 * <p>Local hosts live in four segments: untagged 10.0.0.0/14 and VLANs 10, 20 and 30 in
 * 10.4.0.0/14, 10.8.0.0/14 and 10.12.0.0/14; those with IPv6 have 2001:db8:0:SEGMENT::/64 addresses
 * (RFC 3849 documentation space). Local host 0 is the site's DNS resolver, 10.0.0.53 and
 * 2001:db8::53. Remote servers have public-looking unicast addresses outside every special-purpose
 * range (RFC 6890) and names under example.com, example.net and example.org.
 */
final class Network {
  /** The site router's MAC address: every frame to or from a remote host carries it. */
  static final long ROUTER_MAC = 0x02_1B_17_00_00_01L;

  private static final int[] SEGMENT_VLANS = {0, 10, 20, 30};
  private static final long LOCAL_IPV6_PREFIX = 0x2001_0DB8_0000_0000L;
  private static final int RESOLVER_IPV4 = address(10, 0, 0, 53);
  private static final long MILLISECOND = Traffic.MILLISECOND;

  private final Host[] locals;
  private final Host[] servers;
  private final Host[] timeServers;

  Network(SplittableRandom random, int hostCount) {
    this.locals = new Host[hostCount];
    this.locals[0] =
        new Host(
            true,
            localMac(random),
            0,
            RESOLVER_IPV4,
            true,
            LOCAL_IPV6_PREFIX,
            0x53,
            HostStack.LINUX.initialTimeToLive,
            200_000,
            HostStack.LINUX,
            "resolver.example.internal");
    int[] segmentCounts = new int[SEGMENT_VLANS.length];
    for (int index = 1; index < hostCount; index++) {
      int segment = random.nextInt(100) < 55 ? 0 : 1 + random.nextInt(SEGMENT_VLANS.length - 1);
      int number = segmentCounts[segment]++;
      // Skip .0 and .255 in every /24 and leave 10.S.0.0/24 to infrastructure.
      int ipv4 = address(10, segment * 4, 0, 0) + 256 + (number / 254) * 256 + number % 254 + 1;
      HostStack stack = localStack(random);
      boolean hasIpv6 = random.nextInt(100) < 45;
      long roundTrip = clamp(logNormal(random, 0.3 * MILLISECOND, 0.6), 50_000, 3 * MILLISECOND);
      this.locals[index] =
          new Host(
              true,
              localMac(random),
              SEGMENT_VLANS[segment],
              ipv4,
              hasIpv6,
              LOCAL_IPV6_PREFIX | segment,
              hasIpv6 ? random.nextLong() & 0xFDFF_FFFF_FFFF_FFFFL : 0,
              stack.initialTimeToLive,
              roundTrip,
              stack,
              "");
    }
    int serverCount = (int) Math.min(50_000, Math.max(100, hostCount * 5L));
    this.servers = new Host[serverCount];
    for (int index = 0; index < serverCount; index++) {
      servers[index] = remoteServer(random, Names.serverName(random), random.nextInt(100) < 40);
    }
    this.timeServers = new Host[4];
    for (int index = 0; index < timeServers.length; index++) {
      timeServers[index] = remoteServer(random, "time" + (index + 1) + ".example.net", false);
    }
  }

  private static Host remoteServer(SplittableRandom random, String name, boolean hasIpv6) {
    int roll = random.nextInt(100);
    HostStack stack =
        roll < 70 ? HostStack.LINUX : roll < 85 ? HostStack.WINDOWS : HostStack.APPLIANCE;
    int hops = random.nextInt(5, 25);
    long roundTrip =
        clamp(logNormal(random, 30 * MILLISECOND, 0.9), 2 * MILLISECOND, 400 * MILLISECOND);
    long ipv6High =
        ((0x2400L + random.nextInt(0x600)) << 48) | (random.nextLong() & 0xFFFF_FFFF_0000L);
    long ipv6Low = random.nextBoolean() ? random.nextInt(1, 0x1000) : random.nextLong();
    return new Host(
        false,
        0,
        0,
        publicAddress(random),
        hasIpv6,
        hasIpv6 ? ipv6High : 0,
        hasIpv6 ? ipv6Low : 0,
        stack.initialTimeToLive - hops,
        roundTrip,
        stack,
        name);
  }

  /** A transient remote host at {@code ipv4}, for scan targets. */
  static Host remoteHost(SplittableRandom random, int ipv4) {
    HostStack stack = random.nextInt(4) == 0 ? HostStack.WINDOWS : HostStack.LINUX;
    return new Host(
        false,
        0,
        0,
        ipv4,
        false,
        0,
        0,
        stack.initialTimeToLive - random.nextInt(5, 25),
        clamp(logNormal(random, 40 * MILLISECOND, 0.7), 2 * MILLISECOND, 400 * MILLISECOND),
        stack,
        "");
  }

  Host resolver() {
    return locals[0];
  }

  /** A local client; a few busy hosts start much of the traffic. */
  Host pickClient(SplittableRandom random) {
    return locals[1 + (int) ((locals.length - 1) * Math.pow(random.nextDouble(), 1.6))];
  }

  /** A remote server; popular ones are picked far more often (a heavy-tailed popularity). */
  Host pickServer(SplittableRandom random) {
    return servers[(int) (servers.length * Math.pow(random.nextDouble(), 3))];
  }

  Host pickTimeServer(SplittableRandom random) {
    return timeServers[random.nextInt(timeServers.length)];
  }

  /** Another local host, on the same VLAN as {@code host} when one is found quickly. */
  Host pickLocalPeer(SplittableRandom random, Host host) {
    Host other = host;
    for (int attempt = 0; attempt < 16; attempt++) {
      other = locals[1 + random.nextInt(locals.length - 1)];
      if (other != host && other.vlanId() == host.vlanId()) {
        return other;
      }
    }
    return other != host ? other : locals[0];
  }

  /** A random public IPv4 address (not in a special-purpose range, not .0 or .255). */
  static int publicAddress(SplittableRandom random) {
    while (true) {
      int candidate = random.nextInt();
      if (isPublic(candidate)) {
        return candidate;
      }
    }
  }

  static boolean isPublic(int address) {
    int first = address >>> 24;
    int second = (address >>> 16) & 0xFF;
    int third = (address >>> 8) & 0xFF;
    int last = address & 0xFF;
    return first != 0
        && first != 10
        && first != 127
        && first < 224
        && !(first == 100 && (second & 0xC0) == 64)
        && !(first == 169 && second == 254)
        && !(first == 172 && (second & 0xF0) == 16)
        && !(first == 192 && second == 168)
        && !(first == 192 && second == 0 && (third == 0 || third == 2))
        && !(first == 192 && second == 88 && third == 99)
        && !(first == 198 && (second & 0xFE) == 18)
        && !(first == 198 && second == 51 && third == 100)
        && !(first == 203 && second == 0 && third == 113)
        && last != 0
        && last != 255;
  }

  static int address(int first, int second, int third, int fourth) {
    return (first << 24) | (second << 16) | (third << 8) | fourth;
  }

  private static HostStack localStack(SplittableRandom random) {
    int roll = random.nextInt(100);
    return roll < 50 ? HostStack.WINDOWS : roll < 80 ? HostStack.LINUX : HostStack.MACOS;
  }

  /** A locally administered unicast MAC address. */
  private static long localMac(SplittableRandom random) {
    return (random.nextLong() & 0xFCFF_FFFF_FFFFL) | 0x0200_0000_0000L;
  }

  static long logNormal(SplittableRandom random, double median, double sigma) {
    return (long) (median * Math.exp(sigma * random.nextGaussian()));
  }

  static long clamp(long value, long minimum, long maximum) {
    return Math.max(minimum, Math.min(maximum, value));
  }
}
