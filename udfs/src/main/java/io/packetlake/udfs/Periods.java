package io.packetlake.udfs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The start of the UTC calendar period (minute, hour, day, month, year) that holds an instant: the
 * periods of the {@code ip_activity} table. Unlike Spark's {@code date_trunc}, which truncates in
 * the session time zone, this is always UTC, so a notebook with another session zone still lines up
 * with the lake's partitions.
 */
public final class Periods {
  private Periods() {}

  /**
   * The period start, or null when the grain is not one of minute, hour, day, month, year (any
   * case, surrounding spaces allowed).
   */
  public static Instant start(Instant instant, String grain) {
    if (instant == null || grain == null) {
      return null;
    }
    ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
    switch (grain.trim().toLowerCase(Locale.ROOT)) {
      case "minute":
        return time.truncatedTo(ChronoUnit.MINUTES).toInstant();
      case "hour":
        return time.truncatedTo(ChronoUnit.HOURS).toInstant();
      case "day":
        return time.truncatedTo(ChronoUnit.DAYS).toInstant();
      case "month":
        return time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
      case "year":
        return time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toInstant();
      default:
        return null;
    }
  }

  /** The period start of a UTC date (its midnight), for date columns such as the partitions. */
  public static Instant start(LocalDate date, String grain) {
    if (date == null) {
      return null;
    }
    return start(date.atStartOfDay(ZoneOffset.UTC).toInstant(), grain);
  }
}
