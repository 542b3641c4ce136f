package io.packetlake.jobs.activity;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Collection;
import java.util.TreeSet;
import org.apache.spark.sql.Column;

/**
 * The partitions of {@code ip_activity} that a recompute of some days rewrites: the minute, hour
 * and day partitions of those days, and the month and year partitions holding them.
 */
public final class ActivityPartitions {
  private ActivityPartitions() {}

  /** The {@code period_date}s of {@code grain} that hold any of {@code days}. */
  public static TreeSet<LocalDate> periodDates(Grain grain, Collection<LocalDate> days) {
    requireNonNull(grain, "grain is null");
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (LocalDate day : requireNonNull(days, "days is null")) {
      dates.add(grain.periodDate(day));
    }
    return dates;
  }

  /**
   * Whether a row of {@code ip_activity} (or a table partitioned like it) is in those partitions.
   */
  public static Column rewrittenBy(Collection<LocalDate> days) {
    Column rewritten = lit(false);
    for (Grain grain : Grain.values()) {
      rewritten =
          rewritten.or(
              col(ActivityTable.GRAIN)
                  .equalTo(grain.value())
                  .and(col(ActivityTable.PERIOD_DATE).isInCollection(periodDates(grain, days))));
    }
    return rewritten;
  }
}
