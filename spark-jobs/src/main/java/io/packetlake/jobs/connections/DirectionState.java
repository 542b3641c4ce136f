package io.packetlake.jobs.connections;

/**
 * The running counts and TCP sequence state of one direction of a connection. Constant size
 * whatever the number of packets: sequence tracking keeps the highest sequence end and one gap, not
 * the segments seen.
 */
final class DirectionState {
  long packets;
  long wireBytes;
  long ipBytes;
  long payloadBytes;
  long retransmittedPackets;
  long outOfOrderPackets;

  boolean sentSyn;
  boolean sentSynAcknowledgment;
  boolean sentFin;
  boolean sentReset;

  // Sequence numbers are compared modulo 2^32 as int differences (RFC 1982 serial arithmetic):
  // "a is after b" is (a - b) > 0, which stays right across the wrap from 2^32 - 1 to 0.
  private boolean sequenceKnown;
  private int highestEnd;
  private boolean gapOpen;
  private int gapStart;
  private int gapEnd;
  private long gapOpenedNanos;

  void count(FlowPacket packet) {
    packets++;
    wireBytes += Math.max(packet.frameLength(), 0);
    ipBytes += Math.max(packet.ipTotalLength(), 0);
    payloadBytes += Math.max(packet.payloadLength(), 0);
  }

  /**
   * Follows a segment that consumes sequence space ({@code length} = payload bytes, plus one for
   * SYN and one for FIN) and counts it as retransmitted or out of order when it does not extend the
   * sequence space sent so far.
   */
  void followSequence(long timestampNanos, long sequence, int length, long reorderingNanos) {
    int start = (int) sequence;
    int end = start + length;
    if (!sequenceKnown) {
      sequenceKnown = true;
      highestEnd = end;
      return;
    }
    if (start - highestEnd > 0) {
      // Sequence space skipped: the segments in between are late (reordered) or were lost. Only the
      // latest gap is remembered, which keeps the state constant in size.
      gapOpen = true;
      gapStart = highestEnd;
      gapEnd = start;
      gapOpenedNanos = timestampNanos;
      highestEnd = end;
      return;
    }
    if (start == highestEnd) {
      highestEnd = end;
      return;
    }
    // The segment starts before the highest sequence end sent: some of its bytes were sent before,
    // unless it fills the gap it was missing from.
    boolean fillsGap = gapOpen && start - gapStart >= 0 && gapEnd - end >= 0;
    if (fillsGap) {
      if (start == gapStart) {
        gapStart = end;
      } else if (end == gapEnd) {
        gapEnd = start;
      }
      if (gapEnd - gapStart <= 0) {
        gapOpen = false;
      }
    }
    if (fillsGap && timestampNanos - gapOpenedNanos <= reorderingNanos) {
      outOfOrderPackets++;
    } else {
      retransmittedPackets++;
    }
    if (end - highestEnd > 0) {
      highestEnd = end;
    }
  }

  DirectionCounts counts() {
    return new DirectionCounts(
        packets, wireBytes, ipBytes, payloadBytes, retransmittedPackets, outOfOrderPackets);
  }
}
