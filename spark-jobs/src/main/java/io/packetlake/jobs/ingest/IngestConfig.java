package io.packetlake.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.application.ApplicationLayerConfig;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.FramingOptions;
import java.util.List;

/**
 * What an ingest run reads and where it writes.
 *
 * @param inputs files, directories or globs on any Hadoop file system
 * @param lake the lake the {@code packets} table and the run ledger live in
 * @param skipBadFiles when true, a file that is not a readable capture is recorded in the ledger
 *     and skipped; when false (default) it fails the run naming the file
 * @param maxRecordBytes the largest captured length accepted before allocation
 * @param split whether uncompressed captures are split across tasks
 * @param applicationLayer how the application-layer pass runs after the packets are written
 */
public record IngestConfig(
    List<String> inputs,
    Lake lake,
    boolean skipBadFiles,
    int maxRecordBytes,
    boolean split,
    ApplicationLayerConfig applicationLayer) {
  public IngestConfig {
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    requireNonNull(lake, "lake is null");
    requireNonNull(applicationLayer, "applicationLayer is null");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Cannot ingest: no inputs");
    }
  }

  /** Ingest with the application-layer pass as it runs by default. */
  public IngestConfig(
      List<String> inputs, Lake lake, boolean skipBadFiles, int maxRecordBytes, boolean split) {
    this(inputs, lake, skipBadFiles, maxRecordBytes, split, ApplicationLayerConfig.DEFAULT);
  }

  /**
   * Ingest of {@code inputs} into {@code lake} as {@code packetlake ingest} does it without
   * options: a file that is not a readable capture fails the run, records up to {@link
   * FramingOptions#DEFAULT_MAX_RECORD_BYTES}, uncompressed captures split across tasks.
   */
  public static IngestConfig defaults(List<String> inputs, Lake lake) {
    return new IngestConfig(inputs, lake, false, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true);
  }
}
