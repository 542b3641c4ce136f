package io.packetlake.jobs.cli;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityResult;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.activity.Grain;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code packetlake activity}: packets and connections into the {@code ip_activity} table. */
@Command(
    name = "activity",
    mixinStandardHelpOptions = true,
    description = {
      "Writes <lake>/ip_activity: per IP address, role (source, destination) and UTC minute, hour,"
          + " day, month and year, its peers, ports, scans, TCP flags and connections.",
      "With --date, recomputes the days d and d-1 from their packets, then their months and years"
          + " from the stored day rows; without, every date."
    })
public final class ActivityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StageOptions stage = new StageOptions();

  @Override
  public Integer call() throws Exception {
    boolean shared = SparkSessions.running();
    SparkSession spark = SparkSessions.create("packetlake activity");
    try {
      return activity(
          spark,
          new Lake(stage.lake),
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          "activity");
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  /** Runs the stage in an existing session, with its own ledger entry; returns the exit code. */
  public int activity(
      SparkSession spark, Lake lake, PrintWriter out, PrintWriter err, String command)
      throws Exception {
    Instant started = Instant.now();
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, command, started);
    ledger.started();
    try {
      ActivityConfig config =
          stage.dates.isEmpty()
              ? ActivityConfig.allDates(lake)
              : ActivityConfig.forDates(lake, Set.copyOf(stage.dates));
      ActivityResult result = ActivityJob.run(spark, config, ledger);
      Instant finished = Instant.now();
      Duration elapsed = Duration.between(started, finished);
      ledger.stageSeconds("activity", elapsed.toMillis() / 1000.0);
      ledger.finished(finished, "SUCCEEDED", null);
      printSummary(out, lake, result, elapsed, ledger.runId());
      return 0;
    } catch (Exception e) {
      return RunFailures.failed(ledger, err, e);
    }
  }

  static void printSummary(
      PrintWriter out, Lake lake, ActivityResult result, Duration elapsed, String runId) {
    out.printf(
        "Activity: %,d rows for the days %s and the months and years starting %s, in %.1f s%n",
        result.rows(),
        result.recomputedDates(),
        result.rollupPeriods(),
        elapsed.toMillis() / 1000.0);
    for (Grain grain : Grain.values()) {
      out.printf("  %-7s %,d rows%n", grain.value(), result.rowsPerGrain().get(grain));
    }
    out.printf("  table:  %s%n", lake.table(ActivityTable.NAME));
    out.printf("  ledger: %s/%s.json%n", lake.runs(), runId);
    out.flush();
  }
}
