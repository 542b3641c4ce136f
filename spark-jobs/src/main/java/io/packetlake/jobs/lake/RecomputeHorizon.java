package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The dates a stage recomputes for the dates whose packets a run changed. A connection is not cut
 * at midnight: one that started up to {@code daysBefore} days before a changed date can take
 * packets of that date, so its start-date partition changes too, and with it the activity and the
 * vectors of that day. Connections, ip_activity and the vector tables all recompute the dates this
 * gives, so that each stage rewrites what the stage before it rewrote.
 *
 * @param daysBefore how many days before a changed date a connection taking its packets can have
 *     started; at least 1
 */
public record RecomputeHorizon(int daysBefore) {
  private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

  public RecomputeHorizon {
    if (daysBefore < 1) {
      throw new IllegalArgumentException(
          "Cannot recompute: days before a changed date must be at least 1: " + daysBefore);
    }
  }

  /**
   * The horizon of connections that can stay open for {@code reach} after their last packet: the
   * whole days {@code reach} spans, at least one.
   */
  public static RecomputeHorizon reaching(Duration reach) {
    requireNonNull(reach, "reach is null");
    long days = (reach.toSeconds() + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY;
    return new RecomputeHorizon((int) Math.max(1, days));
  }

  /** Each changed date and the {@link #daysBefore} days before it. */
  public TreeSet<LocalDate> recomputed(Collection<LocalDate> changed) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (LocalDate date : requireNonNull(changed, "changed is null")) {
      for (int day = 0; day <= daysBefore; day++) {
        dates.add(date.minusDays(day));
      }
    }
    return dates;
  }

  /**
   * The recomputed dates that hold packets: {@link #recomputed} of the changed dates, restricted to
   * {@code available}; all of {@code available} when {@code allDates}.
   */
  public TreeSet<LocalDate> recomputed(
      boolean allDates, Collection<LocalDate> changed, Collection<LocalDate> available) {
    requireNonNull(available, "available is null");
    TreeSet<LocalDate> dates = allDates ? new TreeSet<>(available) : recomputed(changed);
    dates.retainAll(available);
    return dates;
  }

  /**
   * The dates whose packets a recompute of {@code dates} reads: each date and {@link #daysBefore}
   * days either side, so that a connection starting on a recomputed date sees its packets of the
   * following days and its true start on the days before.
   */
  public TreeSet<LocalDate> withMargin(Collection<LocalDate> dates) {
    TreeSet<LocalDate> read = new TreeSet<>();
    for (LocalDate date : requireNonNull(dates, "dates is null")) {
      for (int day = -daysBefore; day <= daysBefore; day++) {
        read.add(date.plusDays(day));
      }
    }
    return read;
  }
}
