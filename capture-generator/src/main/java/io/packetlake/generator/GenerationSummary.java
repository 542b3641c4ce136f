package io.packetlake.generator;

/**
 * What one generation run produced.
 *
 * @param packets frames written
 * @param bytes bytes of output, file and record headers included
 * @param conversations sessions, exchanges and scans started
 * @param firstTimestampNanos timestamp of the first frame, in nanoseconds since the epoch (the
 *     configured start when no frame was written)
 * @param lastTimestampNanos timestamp of the last frame (the configured start when none)
 * @param elapsedNanos wall-clock time the run took
 */
public record GenerationSummary(
    long packets,
    long bytes,
    long conversations,
    long firstTimestampNanos,
    long lastTimestampNanos,
    long elapsedNanos) {

  public double elapsedSeconds() {
    return elapsedNanos / 1e9;
  }

  /** Output megabytes (10^6 bytes) per second of wall-clock time. */
  public double megabytesPerSecond() {
    return elapsedNanos == 0 ? 0 : bytes / 1e6 / elapsedSeconds();
  }

  public double packetsPerSecond() {
    return elapsedNanos == 0 ? 0 : packets / elapsedSeconds();
  }
}
