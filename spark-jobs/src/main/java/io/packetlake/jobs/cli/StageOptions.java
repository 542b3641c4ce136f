package io.packetlake.jobs.cli;

import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the stages that recompute tables from the lake: which lake, which dates. */
public final class StageOptions {
  @Option(
      names = {"-l", "--lake"},
      paramLabel = "PATH",
      description = "Root of the lake (default: ${DEFAULT-VALUE}).")
  String lake = "lake";

  @Option(
      names = {"-d", "--date"},
      paramLabel = "YYYY-MM-DD",
      description = "A UTC date whose packets changed. Repeatable. Default: all dates.")
  List<LocalDate> dates = List.of();
}
