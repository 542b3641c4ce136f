package io.packetlake.jobs.cli;

import io.packetlake.jobs.lake.Lake;
import picocli.CommandLine.Option;

/** The {@code --lake} option of every command that reads or writes a lake. */
final class LakeOption {
  @Option(
      names = {"-l", "--lake"},
      paramLabel = "PATH",
      description = "Root of the lake (default: ${DEFAULT-VALUE}).")
  String root = "lake";

  Lake lake() {
    return new Lake(root);
  }
}
