package io.packetlake.jobs.application;

import io.packetlake.pcap.app.PassCounters;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@link PassCounters} of every task of the pass, summed on the driver. The tasks that add to
 * them are those of the write's final stage (the pass runs after the shuffle that groups flows),
 * and Spark applies a result task's accumulator updates once per partition, whatever the retries
 * and speculative copies: the sums are exact for a write that succeeded.
 */
final class PassAccumulators implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator segments;
  private final LongAccumulator flows;
  private final LongAccumulator duplicateBytes;
  private final LongAccumulator gapBytes;
  private final LongAccumulator cutOffBytes;
  private final LongAccumulator unframedBytes;

  PassAccumulators(SparkContext context) {
    segments = context.longAccumulator("packetlake application segments");
    flows = context.longAccumulator("packetlake application flows");
    duplicateBytes = context.longAccumulator("packetlake application duplicate bytes");
    gapBytes = context.longAccumulator("packetlake application gap bytes");
    cutOffBytes = context.longAccumulator("packetlake application cut-off bytes");
    unframedBytes = context.longAccumulator("packetlake application unframed bytes");
  }

  /** Adds one task's counts. */
  void add(PassCounters counters) {
    segments.add(counters.segments());
    flows.add(counters.flows());
    duplicateBytes.add(counters.duplicateBytes());
    gapBytes.add(counters.gapBytes());
    cutOffBytes.add(counters.cutOffBytes());
    unframedBytes.add(counters.unframedBytes());
  }

  /** The sums by name, as the ledger records them. */
  Map<String, Long> values() {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("segments", segments.value());
    values.put("flows", flows.value());
    values.put("duplicate_bytes", duplicateBytes.value());
    values.put("gap_bytes", gapBytes.value());
    values.put("cut_off_bytes", cutOffBytes.value());
    values.put("unframed_bytes", unframedBytes.value());
    return values;
  }
}
