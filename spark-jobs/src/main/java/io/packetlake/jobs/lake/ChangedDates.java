package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dates a stage's run is given: either every date of the packets table or the dates whose
 * packets changed, never both.
 */
public final class ChangedDates {
  private ChangedDates() {}

  /**
   * A copy of {@code dates}, checked against {@code allDates}: a run over every date names none.
   *
   * @param table the table the run recomputes, for the message
   */
  public static Set<LocalDate> copyOf(String table, boolean allDates, Set<LocalDate> dates) {
    Set<LocalDate> copy = Set.copyOf(requireNonNull(dates, "dates is null"));
    if (allDates && !copy.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot recompute " + table + ": both all dates and the dates " + new TreeSet<>(copy));
    }
    return copy;
  }

  /**
   * The dates a run was given, as its ledger entry records them: {@code all_dates}, and {@code
   * dates} in ISO form, in order.
   */
  public static Map<String, Object> settings(boolean allDates, Set<LocalDate> dates) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("all_dates", allDates);
    settings.put(
        "dates",
        new TreeSet<>(requireNonNull(dates, "dates is null"))
            .stream().map(LocalDate::toString).toList());
    return settings;
  }
}
