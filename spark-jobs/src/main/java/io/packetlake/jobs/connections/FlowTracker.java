package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.TcpFlags;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * Groups packets, given in time order, into connections and hands each connection to a sink when it
 * ends. Pure Java and single-threaded: the Spark job runs one per task, tests drive it directly.
 *
 * <p>Rules (see docs/ARCHITECTURE.md, "Connections"):
 *
 * <ul>
 *   <li>Packets with the same {@link FlowKey} belong to one connection until it ends.
 *   <li>A connection ends when no packet came for its protocol's idle timeout, or when the linger
 *       after FIN from both sides or after RST is over, or when a SYN without ACK arrives after
 *       FIN/RST (a new connection on the same ports).
 *   <li>Non-first IP fragments join the connection of their first fragment: same addresses,
 *       protocol and IP identification, within the fragment timeout. When the first fragment was
 *       not seen before them, they form a connection without ports.
 * </ul>
 *
 * <p>Memory holds the connections active within the longest idle timeout and the first fragments
 * within the fragment timeout; each connection's state is constant in size. Connections leave the
 * table as soon as time, which is the latest packet timestamp seen, has passed their idle timeout
 * or, once closed by FIN or RST, their linger.
 */
public final class FlowTracker {
  private final FlowTimeouts timeouts;
  private final Consumer<Connection> sink;
  private final long lingerNanos;
  private final long fragmentNanos;
  private final long reorderingNanos;

  // Access order: the first entry is the connection whose last packet is the oldest, so expired
  // connections are found at the head without scanning the table.
  private final LinkedHashMap<FlowKey, ActiveConnection> active =
      new LinkedHashMap<>(64, 0.75f, true);
  // Insertion order: first fragments expire oldest first.
  private final LinkedHashMap<FragmentKey, FragmentOwner> firstFragments = new LinkedHashMap<>();
  // Connections closed by FIN or RST, in the order they closed: each leaves as soon as its linger
  // is over rather than after the idle timeout, which keeps busy links' tables small.
  private final ArrayDeque<ActiveConnection> closing = new ArrayDeque<>();
  private long now = Long.MIN_VALUE;

  public FlowTracker(FlowTimeouts timeouts, Consumer<Connection> sink) {
    this.timeouts = requireNonNull(timeouts, "timeouts is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.lingerNanos = timeouts.linger().toNanos();
    this.fragmentNanos = timeouts.fragment().toNanos();
    this.reorderingNanos = timeouts.reordering().toNanos();
  }

  /** Adds the next packet; packets must come in time order (ties in capture order). */
  public void accept(FlowPacket packet) {
    requireNonNull(packet, "packet is null");
    long time = packet.timestampNanos();
    now = Math.max(now, time);

    FlowKey key;
    int sourceKeyPort;
    int destinationKeyPort;
    if (packet.isNonFirstFragment()) {
      FragmentOwner owner = firstFragments.get(FragmentKey.of(packet));
      if (owner != null && time - owner.timestampNanos() <= fragmentNanos) {
        key = owner.key();
        boolean fromLow = packet.sourceAddress().equals(key.lowAddress());
        // A flow between one address and itself cannot tell the sender from the address alone;
        // the first fragment's direction decides.
        if (key.lowAddress().equals(key.highAddress())) {
          fromLow = owner.fromLow();
        }
        sourceKeyPort = fromLow ? key.lowPort() : key.highPort();
        destinationKeyPort = fromLow ? key.highPort() : key.lowPort();
      } else {
        sourceKeyPort = FlowKey.NO_PORT;
        destinationKeyPort = FlowKey.NO_PORT;
        key = keyOf(packet, sourceKeyPort, destinationKeyPort);
      }
    } else {
      sourceKeyPort = sourceKeyPort(packet);
      destinationKeyPort = destinationKeyPort(packet);
      key = keyOf(packet, sourceKeyPort, destinationKeyPort);
      if (packet.isFirstFragment()) {
        FragmentKey fragmentKey = FragmentKey.of(packet);
        // Re-inserting moves the entry to the end, keeping insertion order equal to time order.
        firstFragments.remove(fragmentKey);
        firstFragments.put(
            fragmentKey,
            new FragmentOwner(key, key.isFromLow(packet.sourceAddress(), sourceKeyPort), time));
      }
    }

    ActiveConnection connection = active.get(key);
    if (connection != null && endsBefore(connection, packet)) {
      active.remove(key);
      sink.accept(connection.finish(EndReason.IDLE_TIMEOUT));
      connection = null;
    }
    if (connection == null) {
      connection = new ActiveConnection(key, packet, sourceKeyPort, destinationKeyPort);
      active.put(key, connection);
    }
    boolean wasClosed = connection.isClosed();
    connection.add(packet, sourceKeyPort, reorderingNanos);
    if (!wasClosed && connection.isClosed()) {
      closing.add(connection);
    }
    expire();
  }

  /**
   * Ends every connection still active: the packets have ended at {@code dataEndNanos} (the latest
   * capture time of all the data read, which may be later than this tracker's packets). Connections
   * idle for their timeout by then end by {@link EndReason#IDLE_TIMEOUT}, the others by {@link
   * EndReason#END_OF_DATA}, unless FIN or RST closed them.
   */
  public void finish(long dataEndNanos) {
    for (ActiveConnection connection : active.values()) {
      boolean idle =
          dataEndNanos - connection.lastNanos() > timeouts.idleNanos(connection.key().protocol());
      sink.accept(connection.finish(idle ? EndReason.IDLE_TIMEOUT : EndReason.END_OF_DATA));
    }
    active.clear();
    firstFragments.clear();
    closing.clear();
    now = Long.MIN_VALUE;
  }

  /** Ends every connection still active at the time of the latest packet seen. */
  public void finish() {
    finish(now);
  }

  /** Connections currently held in memory. */
  public int activeConnections() {
    return active.size();
  }

  /** First fragments currently remembered. */
  public int rememberedFragments() {
    return firstFragments.size();
  }

  /** Whether the connection is over by the time {@code packet} arrives. */
  private boolean endsBefore(ActiveConnection connection, FlowPacket packet) {
    long time = packet.timestampNanos();
    if (time - connection.lastNanos() > timeouts.idleNanos(packet.protocol())) {
      return true;
    }
    if (!connection.isClosed()) {
      return false;
    }
    boolean freshSyn = packet.hasFlag(TcpFlags.SYN) && !packet.hasFlag(TcpFlags.ACK);
    return freshSyn || time - connection.closedNanos() > lingerNanos;
  }

  private void expire() {
    while (!closing.isEmpty() && now - closing.peek().closedNanos() > lingerNanos) {
      ActiveConnection closed = closing.poll();
      // Skip connections that already ended another way (a fresh SYN, the idle timeout).
      if (!closed.isFinished()) {
        active.remove(closed.key());
        sink.accept(closed.finish(EndReason.IDLE_TIMEOUT));
      }
    }
    Iterator<ActiveConnection> connections = active.values().iterator();
    while (connections.hasNext()) {
      ActiveConnection oldest = connections.next();
      if (now - oldest.lastNanos() <= timeouts.idleNanos(oldest.key().protocol())) {
        break;
      }
      connections.remove();
      sink.accept(oldest.finish(EndReason.IDLE_TIMEOUT));
    }
    Iterator<FragmentOwner> fragments = firstFragments.values().iterator();
    while (fragments.hasNext() && now - fragments.next().timestampNanos() > fragmentNanos) {
      fragments.remove();
    }
  }

  private static FlowKey keyOf(FlowPacket packet, int sourceKeyPort, int destinationKeyPort) {
    return FlowKey.of(
        packet.protocol(),
        packet.sourceAddress(),
        sourceKeyPort,
        packet.destinationAddress(),
        destinationKeyPort);
  }

  private static int sourceKeyPort(FlowPacket packet) {
    return FlowKeys.keyPort(
        packet.protocol(), packet.sourcePort(), packet.icmpType(), packet.icmpCode());
  }

  private static int destinationKeyPort(FlowPacket packet) {
    return FlowKeys.keyPort(
        packet.protocol(), packet.destinationPort(), packet.icmpType(), packet.icmpCode());
  }

  private record FragmentKey(
      String sourceAddress, String destinationAddress, int protocol, long identification) {
    static FragmentKey of(FlowPacket packet) {
      return new FragmentKey(
          packet.sourceAddress(),
          packet.destinationAddress(),
          packet.protocol(),
          packet.ipIdentification());
    }
  }

  private record FragmentOwner(FlowKey key, boolean fromLow, long timestampNanos) {}

  @Override
  public String toString() {
    return "FlowTracker{active=" + active.size() + ", fragments=" + firstFragments.size() + "}";
  }
}
