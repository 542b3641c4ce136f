package io.packetlake.jobs.application;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What ingest's application-layer pass did.
 *
 * @param dnsRows rows written to the {@code dns} table
 * @param parseStatusCounts those rows per {@code parse_status}
 * @param counts what the pass examined and what of the TCP streams it could not use, by name
 *     ({@code segments}, {@code flows}, {@code duplicate_bytes}, {@code gap_bytes}, {@code
 *     cut_off_bytes}, {@code unframed_bytes})
 */
public record ApplicationResult(
    long dnsRows, Map<String, Long> parseStatusCounts, Map<String, Long> counts) {
  public ApplicationResult {
    // Kept in the order given: they are printed and recorded as they come.
    parseStatusCounts = Collections.unmodifiableMap(new LinkedHashMap<>(parseStatusCounts));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** What the run ledger records of the pass: its counts and the dns rows per status. */
  public Map<String, Object> ledgerEntry() {
    Map<String, Object> entry = new LinkedHashMap<>(counts);
    entry.put("dns_rows", dnsRows);
    entry.put("dns_parse_status", parseStatusCounts);
    return entry;
  }

  /** The result of a run without the pass, or without captures. */
  public static final ApplicationResult NONE = new ApplicationResult(0, Map.of(), Map.of());
}
