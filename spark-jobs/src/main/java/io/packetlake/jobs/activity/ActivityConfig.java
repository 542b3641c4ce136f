package io.packetlake.jobs.activity;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.lake.Lake;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@code ip_activity} run recomputes.
 *
 * @param lake the lake whose {@code packets} and {@code connections} tables are read and whose
 *     {@code ip_activity} table is written
 * @param allDates when true, every date of the packets table is recomputed and {@code dates} is
 *     empty
 * @param dates the dates whose packets changed; the run recomputes them and the day before (the
 *     connections stage rewrites that day too), then the months and years holding them
 */
public record ActivityConfig(Lake lake, boolean allDates, Set<LocalDate> dates) {
  public ActivityConfig {
    requireNonNull(lake, "lake is null");
    dates = Set.copyOf(requireNonNull(dates, "dates is null"));
    if (allDates && !dates.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot recompute ip_activity: both all dates and the dates " + new TreeSet<>(dates));
    }
  }

  public static ActivityConfig allDates(Lake lake) {
    return new ActivityConfig(lake, true, Set.of());
  }

  public static ActivityConfig forDates(Lake lake, Set<LocalDate> dates) {
    return new ActivityConfig(lake, false, dates);
  }
}
