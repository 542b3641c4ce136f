package io.packetlake.generator;

/**
 * A unit of generated traffic that emits its packets one at a time in time order: a TCP session, a
 * DNS exchange, a ping, a scan. The generator keeps the active conversations in a queue ordered by
 * {@link #time()} and asks the earliest for its next packet, so each conversation holds only the
 * state it needs to produce the next packet, never its packets.
 */
abstract class Conversation {
  private long time;
  private long order;
  private boolean finished;
  private long unitsLeft;

  /** Timestamp of the next packet, in nanoseconds since the epoch. */
  final long time() {
    return time;
  }

  /** Breaks ties between conversations with equal times: the earlier started goes first. */
  final long order() {
    return order;
  }

  final boolean finished() {
    return finished;
  }

  /** Places the conversation's first packet at {@code start}; called once, before any packet. */
  final void start(long start, long sequenceNumber) {
    this.time = start;
    this.order = sequenceNumber;
  }

  /**
   * What the generator still expects this conversation to emit, in its pacing units (packets or
   * bytes): set from the estimates when it starts, reduced as packets go out.
   */
  final long unitsLeft() {
    return unitsLeft;
  }

  final void setUnitsLeft(long value) {
    unitsLeft = value;
  }

  /** Moves the next packet {@code delay} nanoseconds after the current one. */
  protected final void advance(long delay) {
    time += Math.max(0, delay);
  }

  /** Marks the packet just written as the last. */
  protected final void end() {
    finished = true;
  }

  /** About how many packets the conversation emits in all; paces the run, need not be exact. */
  abstract long estimatedPackets();

  /** About how many frame bytes the conversation emits in all. */
  abstract long estimatedBytes();

  /**
   * Writes the packet due at {@link #time()} into {@code builder}, then either advances the time to
   * the next packet or ends the conversation.
   *
   * @return the frame length
   */
  abstract int writeNext(PacketBuilder builder);
}
