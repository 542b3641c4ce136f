package io.packetlake.jobs.cli;

import io.packetlake.pcap.framing.FramingOptions;
import picocli.CommandLine.Option;

/** The {@code --max-record-bytes} option of every command that reads captures. */
final class MaxRecordBytesOption {
  @Option(
      names = "--max-record-bytes",
      description = "Largest captured length accepted (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes = FramingOptions.DEFAULT_MAX_RECORD_BYTES;
}
