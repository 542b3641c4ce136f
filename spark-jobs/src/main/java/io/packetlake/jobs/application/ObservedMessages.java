package io.packetlake.jobs.application;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.source.PayloadRows;
import io.packetlake.pcap.app.FlowPass;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The {@code dns} rows of one partition of payload rows, sorted by {@link PayloadRows#FLOW_ORDER}:
 * a {@link FlowPass} fed row by row, its messages handed on as they are found. Only the messages of
 * the last segment wait here, so memory does not grow with the partition.
 */
final class ObservedMessages implements Iterator<Row> {
  private final Iterator<Row> payloads;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();
  private final FlowPass pass;
  private final PassAccumulators accumulators;
  private boolean finished;

  ObservedMessages(Iterator<Row> payloads, int maxStreamBytes, PassAccumulators accumulators) {
    this.payloads = requireNonNull(payloads, "payloads is null");
    this.accumulators = requireNonNull(accumulators, "accumulators is null");
    this.pass = new FlowPass(maxStreamBytes, message -> ready.add(DnsTable.row(message)));
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      if (payloads.hasNext()) {
        pass.add(PayloadRows.segment(payloads.next()));
      } else {
        pass.finish();
        finished = true;
        accumulators.add(pass.counters());
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }
}
