package io.packetlake.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GenerationSummary;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityResult;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.ConnectionResult;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.ingest.IngestResult;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.jobs.vectors.VectorJob;
import io.packetlake.jobs.vectors.VectorResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake run}: every stage, in order, over the given captures; without inputs, over a
 * capture generated on the spot (the embedded default).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every stage in order: ingest, then connections, activity and vectors for the dates"
          + " the inputs touch.",
      "Without --input, generates a demo capture (deterministic) and runs on it."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LakeOptions options;

  @Option(
      names = "--demo-capture",
      paramLabel = "FILE",
      description = "Where the generated demo capture goes (default: ${DEFAULT-VALUE}).")
  Path demoCapture = Paths.get("demo", "packetlake-demo.pcap");

  @Option(
      names = "--demo-packets",
      description = "Packets in the generated demo capture (default: ${DEFAULT-VALUE}).")
  long demoPackets = 200_000;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (options.inputs.isEmpty()) {
      generateDemo(out);
      options.inputs = List.of(demoCapture.toAbsolutePath().toString());
    }
    Lake lake = options.lake();
    return StageRun.inSession(
        "packetlake run",
        spark ->
            StageRun.underLedger(
                spark,
                lake,
                "run",
                spec,
                ledger -> stages(spark, lake, ledger, out),
                (finished, elapsed, ledger) -> {
                  out.printf(
                      "Run %s done in %.1f s; ledger %s%n",
                      ledger.runId(), StageRun.seconds(elapsed), ledger.entryPath());
                  out.flush();
                }));
  }

  /**
   * Every stage of the pipeline in its order, each timed in the ledger under its name, with what
   * each did printed as it ends.
   */
  private Void stages(SparkSession spark, Lake lake, RunLedger ledger, PrintWriter out)
      throws Exception {
    StageRuns runs = new StageRuns(spark, lake, ledger, out);
    for (Stage stage : Pipeline.stages()) {
      out.printf(
          "Stage %d/%d: %s %s%n",
          stage.number(),
          Pipeline.stages().size(),
          stage.stageName(),
          stage.readsCaptures()
              ? String.join(", ", options.inputs)
              : "for the dates " + runs.dates());
      out.flush();
      Instant started = Instant.now();
      Consumer<Duration> summary =
          switch (stage) {
            case INGEST -> runs.ingest(options.ingestConfig(lake));
            case CONNECTIONS -> runs.connections();
            case ACTIVITY -> runs.activity();
            case VECTORS -> runs.vectors();
          };
      Duration elapsed = Duration.between(started, Instant.now());
      ledger.stageSeconds(stage.stageName(), StageRun.seconds(elapsed));
      summary.accept(elapsed);
      out.flush();
    }
    return null;
  }

  /**
   * The stages' work within one run: ingest finds the dates the captures touch, and the stages
   * after it recompute those dates. Each returns how to print what it did, given its time.
   */
  private static final class StageRuns {
    private final SparkSession spark;
    private final Lake lake;
    private final RunLedger ledger;
    private final PrintWriter out;
    private Set<LocalDate> dates = Set.of();

    StageRuns(SparkSession spark, Lake lake, RunLedger ledger, PrintWriter out) {
      this.spark = requireNonNull(spark, "spark is null");
      this.lake = requireNonNull(lake, "lake is null");
      this.ledger = requireNonNull(ledger, "ledger is null");
      this.out = requireNonNull(out, "out is null");
    }

    Set<LocalDate> dates() {
      return dates;
    }

    Consumer<Duration> ingest(IngestConfig config) throws IOException {
      IngestResult ingested = IngestJob.run(spark, config, ledger);
      dates =
          ConnectionJob.datesOf(
              spark,
              lake.table(PacketTable.NAME),
              ingested.captures().stream().map(CaptureFile::captureId).toList());
      return elapsed -> IngestCommand.printSummary(out, lake, ingested, elapsed, ledger.runId());
    }

    Consumer<Duration> connections() throws IOException {
      ConnectionResult connections =
          ConnectionJob.run(
              spark, ConnectionConfig.forDates(lake, dates, FlowTimeouts.defaults()), ledger);
      return elapsed -> {
        out.printf(
            "Connections: %,d rows in start-date partitions %s, in %.1f s%n",
            connections.rows(), connections.recomputedDates(), StageRun.seconds(elapsed));
        out.printf("  table:  %s%n", lake.table(ConnectionTable.NAME));
      };
    }

    Consumer<Duration> activity() throws IOException {
      ActivityResult activity =
          ActivityJob.run(spark, ActivityConfig.forDates(lake, dates), ledger);
      return elapsed -> ActivityCommand.printSummary(out, lake, activity, elapsed, ledger.runId());
    }

    Consumer<Duration> vectors() throws IOException {
      VectorResult vectors =
          VectorJob.run(
              spark,
              VectorConfig.forDates(lake, dates, VectorConfig.DEFAULT_NUMBER_OF_FEATURES),
              ledger);
      return elapsed ->
          out.printf(
              "Vectors: %,d connection rows, %,d activity rows, %,d name rows, in %.1f s%n",
              vectors.connectionVectorRows(),
              vectors.activityVectorRows(),
              vectors.nameVectorRows(),
              StageRun.seconds(elapsed));
    }
  }

  private void generateDemo(PrintWriter out) throws Exception {
    GeneratorConfig config =
        GeneratorConfig.defaults().withLimit(GenerationLimit.packets(demoPackets));
    if (Files.exists(demoCapture)) {
      out.println("Using the demo capture " + demoCapture + " (delete it to generate it again)");
      out.flush();
      return;
    }
    if (demoCapture.toAbsolutePath().getParent() != null) {
      Files.createDirectories(demoCapture.toAbsolutePath().getParent());
    }
    out.printf("Generating a demo capture of %,d packets: %s%n", demoPackets, demoCapture);
    out.flush();
    GenerationSummary summary =
        new TrafficGenerator(config)
            .generate(demoCapture, CaptureFileFormat.forFileName(demoCapture), false);
    out.printf(
        "Generated %,d packets, %,d bytes in %.1f s%n",
        summary.packets(), summary.bytes(), summary.elapsedSeconds());
    out.flush();
  }
}
