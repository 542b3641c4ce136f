package io.packetlake.generator;

import java.util.SplittableRandom;

/**
 * How busy the site is over the generated span, and the inverse: the instant by which a given
 * fraction of all traffic has happened. Activity follows office hours in UTC (a peak at 14:00, a
 * quiet night), weekends run at under half the weekday level, and every minute gets its own random
 * swing so that per-minute aggregates are not flat.
 *
 * <p>The span is cut into at most {@value #MAXIMUM_BUCKETS} buckets of at least a minute; time
 * within a bucket is linear in the fraction.
 */
final class ActivityProfile {
  private static final int MAXIMUM_BUCKETS = 1 << 16;
  private static final long MINUTE = 60 * Traffic.SECOND;
  private static final long DAY_SECONDS = 86_400;

  private final long startNanos;
  private final long endNanos;
  private final double bucketNanos;
  private final double[] cumulative;

  ActivityProfile(long startNanos, long spanNanos, long seed) {
    if (spanNanos <= 0) {
      throw new IllegalArgumentException(
          "Cannot profile activity: span must be positive: " + spanNanos);
    }
    this.startNanos = startNanos;
    this.endNanos = startNanos + spanNanos;
    int buckets = (int) Math.min(MAXIMUM_BUCKETS, Math.max(1, (spanNanos + MINUTE - 1) / MINUTE));
    this.bucketNanos = spanNanos / (double) buckets;
    this.cumulative = new double[buckets + 1];
    SplittableRandom random = new SplittableRandom(seed);
    for (int bucket = 0; bucket < buckets; bucket++) {
      long middle = startNanos + (long) ((bucket + 0.5) * bucketNanos);
      double swing = Math.exp(0.3 * random.nextGaussian());
      cumulative[bucket + 1] = cumulative[bucket] + rate(middle) * swing;
    }
  }

  /** Relative activity at an instant: 1 at a weekday's peak. */
  static double rate(long epochNanos) {
    long seconds = Math.floorDiv(epochNanos, Traffic.SECOND);
    double hour = Math.floorMod(seconds, DAY_SECONDS) / 3600.0;
    // 1970-01-01 was a Thursday; Monday is 0.
    long dayOfWeek = Math.floorMod(Math.floorDiv(seconds, DAY_SECONDS) + 3, 7);
    double distance = (hour - 14) / 3.5;
    double daily = 0.12 + 0.88 * Math.exp(-0.5 * distance * distance);
    return dayOfWeek >= 5 ? 0.45 * daily : daily;
  }

  /**
   * The instant by which {@code fraction} of the span's activity has happened.
   *
   * @param fraction in [0, 1]; values outside are clamped
   */
  long timeAt(double fraction) {
    double clamped = Math.max(0, Math.min(1, fraction));
    double target = clamped * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (high - low > 1) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] <= target) {
        low = middle;
      } else {
        high = middle;
      }
    }
    double width = cumulative[low + 1] - cumulative[low];
    double within = width > 0 ? (target - cumulative[low]) / width : 0;
    long time = startNanos + (long) ((low + within) * bucketNanos);
    return Math.min(endNanos, Math.max(startNanos, time));
  }
}
