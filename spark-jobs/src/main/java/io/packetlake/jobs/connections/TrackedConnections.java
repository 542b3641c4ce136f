package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The connections of packets sorted by protocol, address pair and time (one Spark partition),
 * streamed through a {@link FlowTracker}. Only the connections of the current address pair are in
 * memory: when the pair changes, no later packet can belong to them, and they are finished.
 */
final class TrackedConnections implements Iterator<Connection> {
  private final Iterator<FlowPacket> packets;
  private final long dataEndNanos;
  private final ArrayDeque<Connection> finished = new ArrayDeque<>();
  private final FlowTracker tracker;
  private FlowPacket pairPacket;
  private boolean done;

  /**
   * @param packets sorted so that the packets of one protocol and unordered address pair are
   *     adjacent and in time order
   * @param dataEndNanos the latest capture time of all the packets read (see {@link
   *     FlowTracker#finish(long)})
   */
  TrackedConnections(Iterator<FlowPacket> packets, FlowTimeouts timeouts, long dataEndNanos) {
    this.packets = requireNonNull(packets, "packets is null");
    this.dataEndNanos = dataEndNanos;
    this.tracker = new FlowTracker(timeouts, finished::add);
  }

  @Override
  public boolean hasNext() {
    while (finished.isEmpty() && !done) {
      if (!packets.hasNext()) {
        tracker.finish(dataEndNanos);
        done = true;
        break;
      }
      FlowPacket packet = packets.next();
      if (pairPacket == null || !samePair(pairPacket, packet)) {
        tracker.finish(dataEndNanos);
        pairPacket = packet;
      }
      tracker.accept(packet);
    }
    return !finished.isEmpty();
  }

  @Override
  public Connection next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return finished.poll();
  }

  /** Whether two packets travel between the same two addresses, in either direction. */
  private static boolean samePair(FlowPacket first, FlowPacket second) {
    if (first.protocol() != second.protocol()) {
      return false;
    }
    String source = first.sourceAddress();
    String destination = first.destinationAddress();
    return source.equals(second.sourceAddress()) && destination.equals(second.destinationAddress())
        || source.equals(second.destinationAddress()) && destination.equals(second.sourceAddress());
  }
}
