package io.packetlake.jobs.cli;

import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.FramingOptions;
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

  @Option(
      names = "--max-record-bytes",
      description = "Largest captured length accepted (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes = FramingOptions.DEFAULT_MAX_RECORD_BYTES;

  @Option(
      names = "--no-split",
      description =
          "Read every capture in one task (for captures whose boundaries cannot be proven).")
  boolean noSplit;

  Lake lake() {
    return lakeOption.lake();
  }
}
