package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.lake.RecomputeHorizon;
import io.packetlake.pcap.decode.IpProtocols;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The times that end connections and bind packets to them.
 *
 * @param tcpIdle a TCP connection ends when no packet is seen for this long (default 5 min, the
 *     value most flow meters use for TCP)
 * @param udpIdle the same for UDP (default 1 min)
 * @param icmpIdle the same for ICMP and ICMPv6 (default 1 min)
 * @param otherIdle the same for every other protocol (default 1 min)
 * @param linger how long a TCP connection closed by FIN from both sides or by RST keeps the packets
 *     that follow (final ACKs, repeated RSTs), so that teardown packets are not split off as a
 *     connection of their own (default 5 s)
 * @param fragment how long after a first fragment its later fragments are attributed to its
 *     connection (default 30 s, Linux's reassembly timeout)
 * @param reordering a segment that fills the latest sequence gap of its direction within this time
 *     after the gap opened counts as out of order rather than retransmitted (default 3 ms,
 *     Wireshark's threshold when no RTT is known)
 */
public record FlowTimeouts(
    Duration tcpIdle,
    Duration udpIdle,
    Duration icmpIdle,
    Duration otherIdle,
    Duration linger,
    Duration fragment,
    Duration reordering)
    implements Serializable {
  public FlowTimeouts {
    requirePositive(tcpIdle, "tcpIdle");
    requirePositive(udpIdle, "udpIdle");
    requirePositive(icmpIdle, "icmpIdle");
    requirePositive(otherIdle, "otherIdle");
    requirePositive(linger, "linger");
    requirePositive(fragment, "fragment");
    requirePositive(reordering, "reordering");
  }

  public static FlowTimeouts defaults() {
    return new FlowTimeouts(
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMillis(3));
  }

  /** The same timeouts with every idle timeout set to {@code idle}. */
  public FlowTimeouts withIdle(Duration idle) {
    return new FlowTimeouts(idle, idle, idle, idle, linger, fragment, reordering);
  }

  public FlowTimeouts withTcpIdle(Duration idle) {
    return new FlowTimeouts(idle, udpIdle, icmpIdle, otherIdle, linger, fragment, reordering);
  }

  public FlowTimeouts withUdpIdle(Duration idle) {
    return new FlowTimeouts(tcpIdle, idle, icmpIdle, otherIdle, linger, fragment, reordering);
  }

  public FlowTimeouts withIcmpIdle(Duration idle) {
    return new FlowTimeouts(tcpIdle, udpIdle, idle, otherIdle, linger, fragment, reordering);
  }

  public FlowTimeouts withOtherIdle(Duration idle) {
    return new FlowTimeouts(tcpIdle, udpIdle, icmpIdle, idle, linger, fragment, reordering);
  }

  public FlowTimeouts withLinger(Duration duration) {
    return new FlowTimeouts(tcpIdle, udpIdle, icmpIdle, otherIdle, duration, fragment, reordering);
  }

  /** Every time in seconds, under its name in snake case: what a run's ledger entry records. */
  public Map<String, Double> inSeconds() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("tcp_idle", seconds(tcpIdle));
    seconds.put("udp_idle", seconds(udpIdle));
    seconds.put("icmp_idle", seconds(icmpIdle));
    seconds.put("other_idle", seconds(otherIdle));
    seconds.put("linger", seconds(linger));
    seconds.put("fragment", seconds(fragment));
    seconds.put("reordering", seconds(reordering));
    return seconds;
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** The idle timeout of a protocol, in nanoseconds. */
  public long idleNanos(int protocol) {
    Duration idle =
        switch (protocol) {
          case IpProtocols.TCP -> tcpIdle;
          case IpProtocols.UDP -> udpIdle;
          case IpProtocols.ICMP, IpProtocols.ICMPV6 -> icmpIdle;
          default -> otherIdle;
        };
    return idle.toNanos();
  }

  /** The longest idle timeout: no connection stays open longer without packets. */
  public Duration longestIdle() {
    Duration longest = tcpIdle;
    for (Duration idle : new Duration[] {udpIdle, icmpIdle, otherIdle}) {
      if (idle.compareTo(longest) > 0) {
        longest = idle;
      }
    }
    return longest;
  }

  /**
   * The dates a change of packets reaches through connections open across midnight: a connection
   * can stay open for the longest idle timeout plus the linger after its last packet.
   */
  public RecomputeHorizon horizon() {
    return RecomputeHorizon.reaching(longestIdle().plus(linger));
  }

  private static void requirePositive(Duration duration, String name) {
    requireNonNull(duration, name + " is null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          String.format("Cannot use flow timeouts: %s is not positive: %s", name, duration));
    }
  }
}
