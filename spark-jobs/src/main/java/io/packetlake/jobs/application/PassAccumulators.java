package io.packetlake.jobs.application;

import io.packetlake.pcap.app.PassCounters;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@link PassCounters} of every task of the pass, summed on the driver. The flow pass runs in
 * the write's final stage (after the shuffle that groups flows), and Spark applies a result task's
 * accumulator updates once per partition, whatever the retries and speculative copies: its sums are
 * exact for a write that succeeded. The datagram counts come from the defragmentation, a stage
 * before it: Spark would apply them twice if it ran that stage again (an executor lost after it).
 */
final class PassAccumulators implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator segments;
  private final LongAccumulator flows;
  private final LongAccumulator duplicateBytes;
  private final LongAccumulator gapBytes;
  private final LongAccumulator cutOffBytes;
  private final LongAccumulator unframedBytes;
  private final LongAccumulator reassembledDatagrams;
  private final LongAccumulator incompleteDatagrams;
  private final LongAccumulator unassembledFragmentBytes;

  PassAccumulators(SparkContext context) {
    segments = context.longAccumulator("packetlake application segments");
    flows = context.longAccumulator("packetlake application flows");
    duplicateBytes = context.longAccumulator("packetlake application duplicate bytes");
    gapBytes = context.longAccumulator("packetlake application gap bytes");
    cutOffBytes = context.longAccumulator("packetlake application cut-off bytes");
    unframedBytes = context.longAccumulator("packetlake application unframed bytes");
    reassembledDatagrams = context.longAccumulator("packetlake application reassembled datagrams");
    incompleteDatagrams = context.longAccumulator("packetlake application incomplete datagrams");
    unassembledFragmentBytes =
        context.longAccumulator("packetlake application unassembled fragment bytes");
  }

  /** Adds one task's counts. */
  void add(PassCounters counters) {
    segments.add(counters.segments());
    flows.add(counters.flows());
    duplicateBytes.add(counters.duplicateBytes());
    gapBytes.add(counters.gapBytes());
    cutOffBytes.add(counters.cutOffBytes());
    unframedBytes.add(counters.unframedBytes());
    reassembledDatagrams.add(counters.reassembledDatagrams());
    incompleteDatagrams.add(counters.incompleteDatagrams());
    unassembledFragmentBytes.add(counters.unassembledFragmentBytes());
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
    values.put("reassembled_datagrams", reassembledDatagrams.value());
    values.put("incomplete_datagrams", incompleteDatagrams.value());
    values.put("unassembled_fragment_bytes", unassembledFragmentBytes.value());
    return values;
  }
}
