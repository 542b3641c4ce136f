package io.packetlake.jobs.activity;

import java.time.LocalDate;
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

  /**
   * The {@code period_date} of the period of this grain holding {@code day}: the first day of its
   * month or year, the day itself for the grains within a day.
   */
  public LocalDate periodDate(LocalDate day) {
    return switch (this) {
      case MONTH -> day.withDayOfMonth(1);
      case YEAR -> day.withDayOfYear(1);
      default -> day;
    };
  }
}
