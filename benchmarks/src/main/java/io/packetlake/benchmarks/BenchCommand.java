package io.packetlake.benchmarks;

import io.packetlake.generator.ByteSizeConverter;
import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.lake.Lake;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake bench}: throughput figures measured side by side in one run. The main class of
 * the benchmarks module, which {@code bin/packetlake bench} runs; the job jar does not carry it.
 */
@Command(
    name = "packetlake bench",
    mixinStandardHelpOptions = true,
    description = "Prints throughput figures; nothing here is asserted by tests.",
    subcommands = {
      BenchCommand.Decode.class,
      BenchCommand.Stages.class,
      BenchCommand.Ingest.class,
      BenchCommand.LakeQueries.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand {
  public static void main(String[] arguments) {
    System.exit(commandLine().execute(arguments));
  }

  /** The command line, for callers that direct its output elsewhere. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

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
      name = "stages",
      mixinStandardHelpOptions = true,
      description = {
        "Times every stage on one generated capture, side by side: the physical floor (cat, a"
            + " buffered read), framing, framing+decoding (in-process and as a whole process),"
            + " ingest, connections, ip_activity, vectors and the whole run (Spark, this JVM),"
            + " and tshark where installed. Prints a Markdown table.",
        "With --scaling, the whole run at 1x, 2x and 4x the size, with peak memory."
      })
  static final class Stages implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--size",
        paramLabel = "SIZE",
        converter = ByteSizeConverter.class,
        description = "Size of the generated capture, k/m/g suffix (default: 1g).")
    long size = 1L << 30;

    @Option(
        names = "--capture",
        paramLabel = "FILE",
        description = "Use this capture instead of generating one (not with --scaling).")
    Path capture;

    @Option(names = "--runs", description = "Runs per figure (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(
        names = "--work-dir",
        paramLabel = "DIR",
        description = "Generated captures (kept and reused) and lakes (default: ${DEFAULT-VALUE}).")
    Path workDirectory = Paths.get("bench-work");

    @Option(
        names = "--skip-stage",
        paramLabel = "STAGE",
        split = ",",
        description = "Stages not to run, any of: ${COMPLETION-CANDIDATES}.",
        completionCandidates = StageNames.class)
    List<String> skipped = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the lakes the Spark stages wrote.")
    boolean keep;

    @Option(names = "--scaling", description = "The whole run at 1x, 2x and 4x the size.")
    boolean scaling;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description =
            "Also write the report there, between the bench markers if the file has them"
                + " (e.g. docs/PERFORMANCE.md).")
    Path report;

    @Override
    public Integer call() throws Exception {
      if (scaling && capture != null) {
        spec.commandLine().getErr().println("Cannot use --capture with --scaling");
        return 2;
      }
      StagesBenchmark.Options options =
          new StagesBenchmark.Options(
              size, capture, runs, workDirectory, Set.copyOf(skipped), keep, scaling, report);
      SparkSession spark = SparkSessions.create("packetlake bench stages");
      try {
        new StagesBenchmark(spark, options, spec.commandLine().getOut()).run();
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  static final class StageNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    StageNames() {
      super(StagesBenchmark.STAGES);
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Ingest to Parquet (this session's master, local[*] by default): ingest itself, the"
              + " scan alone, and one variant per write setting ingest's were chosen from.")
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

  @Command(
      name = "lake-queries",
      mixinStandardHelpOptions = true,
      description =
          "On a lake that exists: one connection's packets by flow_key_hash against the flow_key"
              + " join, and CIDR filters on addresses as text and as bytes. Prints Markdown"
              + " tables.")
  static final class LakeQueries implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--lake", required = true, paramLabel = "PATH", description = "The lake.")
    String lake;

    @Option(
        names = "--work",
        description = "Directory for the address copies written (default: ${DEFAULT-VALUE}).")
    Path work = Paths.get("target/bench-lake-queries");

    @Option(
        names = "--runs",
        description = "Timed runs per query, after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Override
    public Integer call() throws Exception {
      SparkSession spark = SparkSessions.create("packetlake bench lake-queries");
      try {
        new LakeQueryBenchmark(spark, new Lake(lake), work, runs, spec.commandLine().getOut())
            .run();
      } finally {
        spark.stop();
      }
      return 0;
    }
  }
}
