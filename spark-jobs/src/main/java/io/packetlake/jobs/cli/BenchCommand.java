package io.packetlake.jobs.cli;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.bench.DecodeBenchmark;
import io.packetlake.jobs.bench.IngestBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packetlake bench}: throughput figures measured side by side in one run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Prints throughput figures; nothing here is asserted by tests.",
    subcommands = {BenchCommand.Decode.class, BenchCommand.Ingest.class})
public final class BenchCommand {
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description =
          "Single-threaded framing, decoding and TSV formatting throughput on the given captures.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(
        names = "--iterations",
        description = "Passes over the files (default: ${DEFAULT-VALUE}).")
    int iterations = 20;

    @Override
    public Integer call() throws Exception {
      new DecodeBenchmark(files, iterations).run(spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Ingest to Parquet (this session's master, local[*] by default): the row-based path of"
              + " earlier versions, today's ingest and the variants its settings were chosen"
              + " from.")
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT")
    List<String> inputs;

    @Option(
        names = "--work",
        description = "Directory for the lakes written (default: ${DEFAULT-VALUE}).")
    String work = "target/bench-ingest";

    @Option(
        names = "--iterations",
        description = "Measured runs per variant, after one warm-up (default: ${DEFAULT-VALUE}).")
    int iterations = 3;

    @Option(
        names = "--variant",
        description = "Only the variants whose names start with this (repeatable).")
    List<String> variants = List.of();

    @Override
    public Integer call() throws Exception {
      SparkSession spark = SparkSessions.create("packetlake bench ingest");
      try {
        new IngestBenchmark(spark, inputs, work, iterations)
            .run(spec.commandLine().getOut(), Set.copyOf(variants));
      } finally {
        spark.stop();
      }
      return 0;
    }
  }
}
