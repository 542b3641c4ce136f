package io.packetlake.pcap.framing;

/** Outcome of framing one record. Anything other than {@link #OK} is counted and reported. */
public enum FrameStatus {
  /** The record header and all of its captured bytes were read. */
  OK,
  /**
   * The file ended inside the record (a capture cut short while being written or copied): the
   * record carries the bytes that were present.
   */
  TRUNCATED,
  /**
   * A region of the file that is not a chain of valid records. The record carries no data; its
   * {@code originalLength} is the number of bytes skipped before the next provable record boundary,
   * or 0 when that is unknown: a compressed stream that cannot be decompressed past this offset.
   */
  CORRUPT_REGION
}
