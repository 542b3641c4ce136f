package io.packetlake.jobs.connections;

import java.time.LocalDate;
import java.util.List;

/**
 * What a connections run did.
 *
 * @param recomputedDates the start-date partitions rewritten
 * @param packetDates the packet dates read to recompute them
 * @param rows connection rows now in the rewritten partitions
 */
public record ConnectionResult(
    List<LocalDate> recomputedDates, List<LocalDate> packetDates, long rows) {
  public ConnectionResult {
    recomputedDates = List.copyOf(recomputedDates);
    packetDates = List.copyOf(packetDates);
  }
}
