package io.packetlake.jobs.cli;

import io.packetlake.jobs.lake.Lake;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the stages that recompute tables from the lake: which lake, which dates. */
public final class StageOptions {
  @Mixin LakeOption lakeOption = new LakeOption();

  @Option(
      names = {"-d", "--date"},
      paramLabel = "YYYY-MM-DD",
      description = "A UTC date whose packets changed. Repeatable. Default: all dates.")
  List<LocalDate> dates = List.of();

  Lake lake() {
    return lakeOption.lake();
  }
}
