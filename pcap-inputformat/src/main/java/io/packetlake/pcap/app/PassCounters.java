package io.packetlake.pcap.app;

/**
 * What a {@link FlowPass} examined and what it could not use, in bytes of TCP streams: nothing the
 * pass leaves out goes uncounted. Mutable; one per pass, read when it is done.
 */
public final class PassCounters {
  long segments;
  long flows;
  long dnsMessages;
  long duplicateBytes;
  long gapBytes;
  long cutOffBytes;
  long unframedBytes;
  long reassembledDatagrams;
  long incompleteDatagrams;
  long unassembledFragmentBytes;

  /** Packets examined. */
  public long segments() {
    return segments;
  }

  /** Flows (5-tuples) examined. */
  public long flows() {
    return flows;
  }

  /** DNS messages found, complete or not. */
  public long dnsMessages() {
    return dnsMessages;
  }

  /** TCP bytes received again (retransmissions, overlaps): the first copy is the one used. */
  public long duplicateBytes() {
    return duplicateBytes;
  }

  /** TCP stream bytes that were never captured (lost packets, snap length). */
  public long gapBytes() {
    return gapBytes;
  }

  /** TCP stream bytes past the per-direction limit, not examined. */
  public long cutOffBytes() {
    return cutOffBytes;
  }

  /** TCP stream bytes after a gap, where message boundaries can no longer be found. */
  public long unframedBytes() {
    return unframedBytes;
  }

  /** UDP datagrams put together from their IP fragments. */
  public long reassembledDatagrams() {
    return reassembledDatagrams;
  }

  /** Fragmented datagrams some fragment of which never came: read from their first fragment. */
  public long incompleteDatagrams() {
    return incompleteDatagrams;
  }

  /** Bytes of UDP fragments that could not be put in a datagram: its first fragment was lost. */
  public long unassembledFragmentBytes() {
    return unassembledFragmentBytes;
  }

  /** Adds {@code other}'s counts to these. */
  public void add(PassCounters other) {
    segments += other.segments;
    flows += other.flows;
    dnsMessages += other.dnsMessages;
    duplicateBytes += other.duplicateBytes;
    gapBytes += other.gapBytes;
    cutOffBytes += other.cutOffBytes;
    unframedBytes += other.unframedBytes;
    reassembledDatagrams += other.reassembledDatagrams;
    incompleteDatagrams += other.incompleteDatagrams;
    unassembledFragmentBytes += other.unassembledFragmentBytes;
  }

  @Override
  public String toString() {
    return ("segments=%d flows=%d dns_messages=%d duplicate_bytes=%d gap_bytes=%d cut_off_bytes=%d"
            + " unframed_bytes=%d reassembled_datagrams=%d incomplete_datagrams=%d"
            + " unassembled_fragment_bytes=%d")
        .formatted(
            segments,
            flows,
            dnsMessages,
            duplicateBytes,
            gapBytes,
            cutOffBytes,
            unframedBytes,
            reassembledDatagrams,
            incompleteDatagrams,
            unassembledFragmentBytes);
  }
}
