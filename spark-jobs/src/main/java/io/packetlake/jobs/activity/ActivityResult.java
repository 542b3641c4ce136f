package io.packetlake.jobs.activity;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What an {@code ip_activity} run did.
 *
 * @param recomputedDates the days whose minute, hour and day partitions were rewritten
 * @param rollupPeriods the first days of the month and year partitions rewritten
 * @param rowsPerGrain rows now in the rewritten partitions, per grain (every grain present)
 */
public record ActivityResult(
    List<LocalDate> recomputedDates, List<LocalDate> rollupPeriods, Map<Grain, Long> rowsPerGrain) {
  public ActivityResult {
    recomputedDates = List.copyOf(requireNonNull(recomputedDates, "recomputedDates is null"));
    rollupPeriods = List.copyOf(requireNonNull(rollupPeriods, "rollupPeriods is null"));
    rowsPerGrain = Map.copyOf(requireNonNull(rowsPerGrain, "rowsPerGrain is null"));
  }

  public long rows() {
    return rowsPerGrain.values().stream().mapToLong(Long::longValue).sum();
  }
}
