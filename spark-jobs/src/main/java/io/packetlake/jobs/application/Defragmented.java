package io.packetlake.jobs.application;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.source.PayloadRows;
import io.packetlake.pcap.app.IpDefragmenter;
import io.packetlake.pcap.app.PassCounters;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The datagrams of one partition of fragment rows sorted by datagram ({@link PayloadRows#FRAGMENT}
 * rows in {@link PayloadRows#FLOW_ORDER}): an {@link IpDefragmenter} fed row by row, each datagram
 * handed on as a payload row as soon as it is put together.
 */
final class Defragmented implements Iterator<Row> {
  private final Iterator<Row> fragments;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();
  private final PassCounters counters = new PassCounters();
  private final IpDefragmenter defragmenter;
  private final PassAccumulators accumulators;
  private boolean finished;

  Defragmented(Iterator<Row> fragments, PassAccumulators accumulators) {
    this.fragments = requireNonNull(fragments, "fragments is null");
    this.accumulators = requireNonNull(accumulators, "accumulators is null");
    this.defragmenter =
        new IpDefragmenter(segment -> ready.add(PayloadRows.row(segment)), counters);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      if (fragments.hasNext()) {
        defragmenter.add(PayloadRows.fragment(fragments.next()));
      } else {
        defragmenter.finish();
        finished = true;
        accumulators.add(counters);
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
