package io.packetlake.jobs.ingest;

import io.packetlake.jobs.application.ApplicationResult;
import io.packetlake.jobs.lake.CaptureFile;
import java.util.List;
import java.util.Map;

/**
 * What an ingest run did.
 *
 * @param captures the captures read
 * @param skipped files that were not readable captures, with the reason
 * @param rows rows written to the packets table
 * @param frameStatusCounts rows per frame status
 * @param decodeStatusCounts rows per decode status
 * @param application what the application-layer pass wrote
 */
public record IngestResult(
    List<CaptureFile> captures,
    Map<String, String> skipped,
    long rows,
    Map<String, Long> frameStatusCounts,
    Map<String, Long> decodeStatusCounts,
    ApplicationResult application) {

  /** Rows that are not a fully framed and decoded packet. */
  public long malformedRows() {
    long ok =
        decodeStatusCounts.getOrDefault("OK", 0L) + decodeStatusCounts.getOrDefault("NOT_IP", 0L);
    return rows - ok;
  }
}
