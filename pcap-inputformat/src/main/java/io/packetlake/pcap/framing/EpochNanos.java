package io.packetlake.pcap.framing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as records carry them ({@link PacketRecord#timestampNanos()}): nanoseconds since the
 * epoch, UTC. Every conversion rounds toward the past, so a timestamp before the epoch falls in the
 * second, microsecond and day that hold it.
 */
public final class EpochNanos {
  public static final long NANOS_PER_MICROSECOND = 1_000L;
  public static final long NANOS_PER_SECOND = 1_000_000_000L;
  public static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

  private EpochNanos() {}

  public static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }

  /** Whole microseconds since the epoch, as Spark and Parquet store timestamps. */
  public static long toMicros(long epochNanos) {
    return Math.floorDiv(epochNanos, NANOS_PER_MICROSECOND);
  }

  /** The instant truncated to whole microseconds, as Spark and Parquet store timestamps. */
  public static Instant toMicrosecondInstant(long epochNanos) {
    return toInstant(epochNanos).truncatedTo(ChronoUnit.MICROS);
  }

  /** The UTC date, as days since 1970-01-01. */
  public static long toEpochDay(long epochNanos) {
    return Math.floorDiv(epochNanos, NANOS_PER_DAY);
  }
}
