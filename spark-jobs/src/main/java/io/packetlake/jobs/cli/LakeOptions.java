package io.packetlake.jobs.cli;

import io.packetlake.jobs.application.ApplicationLayerConfig;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.lake.Lake;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that read captures into a lake. */
final class LakeOptions {
  @Option(
      names = {"-i", "--input"},
      paramLabel = "PATH",
      description =
          "Capture file, directory or glob, local or on any Hadoop file system (hdfs://...)."
              + " Repeatable.")
  List<String> inputs = List.of();

  @Mixin LakeOption lakeOption = new LakeOption();

  @Option(
      names = "--skip-bad-files",
      description =
          "Record inputs that are not readable captures in the run ledger and go on, instead of"
              + " failing the run.")
  boolean skipBadFiles;

  @Mixin MaxRecordBytesOption maxRecordBytes = new MaxRecordBytesOption();

  @Option(
      names = "--no-split",
      description =
          "Read every capture in one task (for captures whose boundaries cannot be proven).")
  boolean noSplit;

  @Option(
      names = "--max-stream-bytes",
      paramLabel = "BYTES",
      description =
          "Bytes of each direction of a TCP connection that the application-layer pass"
              + " reassembles and examines; the rest is counted as cut off (default:"
              + " ${DEFAULT-VALUE}).")
  int maxStreamBytes = ApplicationLayerConfig.DEFAULT_MAX_STREAM_BYTES;

  @Option(
      names = "--no-application-layer",
      description =
          "Skip the application-layer pass: write packets only, no dns rows (to measure the"
              + " pass's cost, or to ingest headers only).")
  boolean noApplicationLayer;

  Lake lake() {
    return lakeOption.lake();
  }

  /** Ingest of the inputs into {@code lake} with these options. */
  IngestConfig ingestConfig(Lake lake) {
    return new IngestConfig(
        inputs,
        lake,
        skipBadFiles,
        maxRecordBytes.maxRecordBytes,
        !noSplit,
        new ApplicationLayerConfig(!noApplicationLayer, maxStreamBytes));
  }
}
