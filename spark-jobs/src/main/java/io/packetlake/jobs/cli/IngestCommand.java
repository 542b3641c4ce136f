package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.application.ApplicationResult;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.ingest.IngestResult;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.source.PacketTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code packetlake ingest}: captures into the {@code packets} table. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Reads captures, decodes their packets and writes <lake>/packets as Parquet.")
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LakeOptions options;

  @Override
  public Integer call() throws Exception {
    if (options.inputs.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("Missing --input: give at least one capture, directory or glob.");
      return 2;
    }
    Lake lake = options.lake();
    PrintWriter out = spec.commandLine().getOut();
    IngestConfig config = options.ingestConfig(lake);
    return StageRun.inSession(
        "packetlake ingest",
        spark ->
            StageRun.stage(
                spark,
                lake,
                Stage.INGEST,
                spec,
                ledger -> IngestJob.run(spark, config, ledger),
                (result, elapsed, ledger) ->
                    printSummary(out, lake, result, elapsed, ledger.runId())));
  }

  static void printSummary(
      PrintWriter out, Lake lake, IngestResult result, Duration elapsed, String runId) {
    long bytes = result.captures().stream().mapToLong(capture -> capture.size()).sum();
    out.printf(
        "Ingested %d capture(s), %,d bytes: %,d packet rows, %,d not fully decoded, in %.1f s%n",
        result.captures().size(),
        bytes,
        result.rows(),
        result.malformedRows(),
        elapsed.toMillis() / 1000.0);
    out.printf("  frame status:  %s%n", result.frameStatusCounts());
    out.printf("  decode status: %s%n", result.decodeStatusCounts());
    if (result.application() != ApplicationResult.NONE) {
      out.printf(
          "  application layer: %,d dns rows %s; %s%n",
          result.application().dnsRows(),
          result.application().parseStatusCounts(),
          result.application().counts());
    }
    if (!result.skipped().isEmpty()) {
      out.printf("  skipped inputs: %s%n", result.skipped());
    }
    out.printf("  table:  %s%n", lake.table(PacketTable.NAME));
    out.printf("  ledger: %s/%s.json%n", lake.runs(), runId);
    out.printf(
        "  query:  spark.read.parquet(\"%s\").groupBy(\"ip_protocol\").count().show()%n",
        lake.table(PacketTable.NAME));
    out.flush();
  }
}
