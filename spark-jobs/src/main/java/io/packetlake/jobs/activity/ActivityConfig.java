package io.packetlake.jobs.activity;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.lake.ChangedDates;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RecomputeHorizon;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an {@code ip_activity} run recomputes.
 *
 * @param lake the lake whose {@code packets} and {@code connections} tables are read and whose
 *     {@code ip_activity} table is written
 * @param allDates when true, every date of the packets table is recomputed and {@code dates} is
 *     empty
 * @param dates the dates whose packets changed; the run recomputes the days {@code horizon} gives
 *     for them, then the months and years holding those days
 * @param horizon the days before a changed date to recompute: those the connections stage rewrites
 *     for it
 */
public record ActivityConfig(
    Lake lake, boolean allDates, Set<LocalDate> dates, RecomputeHorizon horizon) {
  public ActivityConfig {
    requireNonNull(lake, "lake is null");
    dates = ChangedDates.copyOf(ActivityTable.NAME, allDates, dates);
    requireNonNull(horizon, "horizon is null");
  }

  /**
   * What shapes the rows the run writes besides its input tables, as its ledger entry records it:
   * the recompute horizon and the dates.
   */
  public Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("recompute_horizon_days", horizon.daysBefore());
    settings.putAll(ChangedDates.settings(allDates, dates));
    return settings;
  }

  public static ActivityConfig allDates(Lake lake) {
    return new ActivityConfig(lake, true, Set.of(), FlowTimeouts.defaults().horizon());
  }

  /** The dates recomputed as the connections stage recomputes them with its default timeouts. */
  public static ActivityConfig forDates(Lake lake, Set<LocalDate> dates) {
    return forDates(lake, dates, FlowTimeouts.defaults().horizon());
  }

  public static ActivityConfig forDates(Lake lake, Set<LocalDate> dates, RecomputeHorizon horizon) {
    return new ActivityConfig(lake, false, dates, horizon);
  }
}
