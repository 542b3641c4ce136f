package io.packetlake.jobs.vectors;

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
 * What a vectors run recomputes.
 *
 * @param lake the lake whose {@code connections}, {@code ip_activity} and {@code dns} tables are
 *     read and whose {@code connection_vectors}, {@code ip_activity_vectors} and {@code
 *     name_vectors} tables are written
 * @param allDates when true, everything is recomputed and {@code dates} is empty
 * @param dates the dates whose packets changed: the run recomputes the vectors of the partitions
 *     the connections and activity stages rewrite for them (the days {@code horizon} gives, and the
 *     months and years holding those days)
 * @param numberOfFeatures size of every vector; a power of two, so that the hash modulo spreads
 *     evenly
 * @param horizon the days before a changed date to recompute: those the connections stage rewrites
 *     for it
 * @param nameIdf whether {@code name_vectors}' {@code name_tfidf} is filled: IDF weights fitted
 *     over each (grain, period_date) partition written; null when false
 */
public record VectorConfig(
    Lake lake,
    boolean allDates,
    Set<LocalDate> dates,
    int numberOfFeatures,
    RecomputeHorizon horizon,
    boolean nameIdf) {
  /** 2^18, MLlib's default for FeatureHasher and HashingTF. */
  public static final int DEFAULT_NUMBER_OF_FEATURES = 1 << 18;

  public VectorConfig {
    requireNonNull(lake, "lake is null");
    dates = ChangedDates.copyOf("vectors", allDates, dates);
    requireNonNull(horizon, "horizon is null");
    if (numberOfFeatures < 2 || Integer.bitCount(numberOfFeatures) != 1) {
      throw new IllegalArgumentException(
          "Cannot hash features: number of features must be a power of two of at least 2: "
              + numberOfFeatures);
    }
  }

  /**
   * What shapes the vectors the run writes besides its input tables, as its ledger entry records
   * it: the number of features, the recompute horizon, whether name vectors are IDF-weighted and
   * the dates.
   */
  public Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("number_of_features", numberOfFeatures);
    settings.put("recompute_horizon_days", horizon.daysBefore());
    settings.put("name_idf", nameIdf);
    settings.putAll(ChangedDates.settings(allDates, dates));
    return settings;
  }

  /** The same run with name vectors IDF-weighted or not. */
  public VectorConfig withNameIdf(boolean weighted) {
    return new VectorConfig(lake, allDates, dates, numberOfFeatures, horizon, weighted);
  }

  public static VectorConfig allDates(Lake lake, int numberOfFeatures) {
    return new VectorConfig(
        lake, true, Set.of(), numberOfFeatures, FlowTimeouts.defaults().horizon(), false);
  }

  /** The dates recomputed as the connections stage recomputes them with its default timeouts. */
  public static VectorConfig forDates(Lake lake, Set<LocalDate> dates, int numberOfFeatures) {
    return forDates(lake, dates, numberOfFeatures, FlowTimeouts.defaults().horizon());
  }

  public static VectorConfig forDates(
      Lake lake, Set<LocalDate> dates, int numberOfFeatures, RecomputeHorizon horizon) {
    return new VectorConfig(lake, false, dates, numberOfFeatures, horizon, false);
  }
}
