package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.lake.ChangedDates;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.EpochNanos;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a connections run recomputes.
 *
 * @param lake the lake whose {@code packets} table is read and {@code connections} table written
 * @param allDates when true, every date of the packets table is recomputed and {@code dates} is
 *     empty
 * @param dates the dates whose packets changed (the dates an ingest run wrote); the run recomputes
 *     the connections starting on them and on the days before (see {@link ConnectionJob})
 * @param timeouts idle timeouts per protocol, linger, fragment and reordering windows
 * @param responderNameWindow how long before a connection's start a DNS answer names its responder
 *     ({@link ResponderNames})
 */
public record ConnectionConfig(
    Lake lake,
    boolean allDates,
    Set<LocalDate> dates,
    FlowTimeouts timeouts,
    Duration responderNameWindow) {
  public ConnectionConfig {
    requireNonNull(lake, "lake is null");
    dates = ChangedDates.copyOf(ConnectionTable.NAME, allDates, dates);
    requireNonNull(timeouts, "timeouts is null");
    ResponderNames.checkWindow(responderNameWindow);
  }

  /**
   * What shapes the connections the run writes besides the packets, as its ledger entry records it:
   * the flow timeouts in seconds, the recompute horizon they give, the responder name window in
   * seconds, and the dates.
   */
  public Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("flow_timeouts_seconds", timeouts.inSeconds());
    settings.put("recompute_horizon_days", timeouts.horizon().daysBefore());
    settings.put(
        "responder_name_window_seconds",
        responderNameWindow.toNanos() / (double) EpochNanos.NANOS_PER_SECOND);
    settings.putAll(ChangedDates.settings(allDates, dates));
    return settings;
  }

  /** Every date, with the default responder name window. */
  public static ConnectionConfig allDates(Lake lake, FlowTimeouts timeouts) {
    return new ConnectionConfig(lake, true, Set.of(), timeouts, ResponderNames.DEFAULT_WINDOW);
  }

  /** The given dates, with the default responder name window. */
  public static ConnectionConfig forDates(Lake lake, Set<LocalDate> dates, FlowTimeouts timeouts) {
    return new ConnectionConfig(lake, false, dates, timeouts, ResponderNames.DEFAULT_WINDOW);
  }

  /** The same run with another responder name window. */
  public ConnectionConfig withResponderNameWindow(Duration window) {
    return new ConnectionConfig(lake, allDates, dates, timeouts, window);
  }
}
