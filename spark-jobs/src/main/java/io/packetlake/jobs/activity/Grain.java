package io.packetlake.jobs.activity;

import java.util.Locale;

/**
 * The UTC calendar periods of {@code ip_activity}. Minute, hour and day are computed from the
 * packets and connections of their day; month and year only from the day rows below them, so that
 * adding a day never reads the packets of other days.
 */
public enum Grain {
  MINUTE,
  HOUR,
  DAY,
  MONTH,
  YEAR;

  /** The partition value and the unit of {@code date_trunc}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
