package io.packetlake.jobs.cli;

import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityResult;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.ConnectionResult;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.generate.CaptureFileFormat;
import io.packetlake.jobs.generate.GenerationLimit;
import io.packetlake.jobs.generate.GenerationSummary;
import io.packetlake.jobs.generate.GeneratorConfig;
import io.packetlake.jobs.generate.TrafficGenerator;
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
      "Runs every stage end to end: ingest, then connections, ip_activity and vectors for the"
          + " dates the inputs touch.",
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
    PrintWriter err = spec.commandLine().getErr();
    if (options.inputs.isEmpty()) {
      generateDemo(out);
      options.inputs = List.of(demoCapture.toAbsolutePath().toString());
    }
    Lake lake = new Lake(options.lake);
    return StageRun.inSession(
        "packetlake run",
        spark ->
            StageRun.underLedger(
                spark,
                lake,
                "run",
                err,
                ledger -> stages(spark, lake, ledger, out),
                (finished, elapsed, ledger) -> {
                  out.printf(
                      "Run %s done in %.1f s; ledger %s%n",
                      ledger.runId(), StageRun.seconds(elapsed), ledger.entryPath());
                  out.flush();
                }));
  }

  /** The four stages, each timed in the ledger, with what each did printed as it ends. */
  private Void stages(SparkSession spark, Lake lake, RunLedger ledger, PrintWriter out)
      throws Exception {
    Instant started = Instant.now();
    out.println("Stage 1/4: ingest " + String.join(", ", options.inputs));
    out.flush();
    IngestResult ingested =
        IngestJob.run(
            spark,
            new IngestConfig(
                options.inputs,
                lake,
                options.skipBadFiles,
                options.maxRecordBytes,
                !options.noSplit),
            ledger);
    Instant afterIngest = Instant.now();
    ledger.stageSeconds("ingest", seconds(started, afterIngest));
    IngestCommand.printSummary(
        out, lake, ingested, Duration.between(started, afterIngest), ledger.runId());

    Set<LocalDate> dates =
        ConnectionJob.datesOf(
            spark,
            lake.table(PacketTable.NAME),
            ingested.captures().stream().map(CaptureFile::captureId).toList());
    out.println("Stage 2/4: connections for the dates " + dates);
    out.flush();
    ConnectionResult connections =
        ConnectionJob.run(
            spark, ConnectionConfig.forDates(lake, dates, FlowTimeouts.defaults()), ledger);
    Instant afterConnections = Instant.now();
    ledger.stageSeconds("connections", seconds(afterIngest, afterConnections));
    out.printf(
        "Connections: %,d rows in start-date partitions %s, in %.1f s%n",
        connections.rows(), connections.recomputedDates(), seconds(afterIngest, afterConnections));
    out.printf("  table:  %s%n", lake.table(ConnectionTable.NAME));

    out.println("Stage 3/4: ip_activity for the dates " + dates);
    out.flush();
    ActivityResult activity = ActivityJob.run(spark, ActivityConfig.forDates(lake, dates), ledger);
    Instant afterActivity = Instant.now();
    ledger.stageSeconds("activity", seconds(afterConnections, afterActivity));
    ActivityCommand.printSummary(
        out, lake, activity, Duration.between(afterConnections, afterActivity), ledger.runId());

    out.println("Stage 4/4: vectors for the dates " + dates);
    out.flush();
    VectorResult vectors =
        VectorJob.run(
            spark,
            VectorConfig.forDates(lake, dates, VectorConfig.DEFAULT_NUMBER_OF_FEATURES),
            ledger);
    Instant finished = Instant.now();
    ledger.stageSeconds("vectors", seconds(afterActivity, finished));
    out.printf(
        "Vectors: %,d connection rows, %,d activity rows, in %.1f s%n",
        vectors.connectionVectorRows(),
        vectors.activityVectorRows(),
        seconds(afterActivity, finished));
    return null;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
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
