package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityResult;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.activity.Grain;
import io.packetlake.jobs.lake.Lake;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
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
    Lake lake = stage.lake();
    PrintWriter out = spec.commandLine().getOut();
    return StageRun.inSession(
        "packetlake activity",
        spark ->
            StageRun.stage(
                spark,
                lake,
                Stage.ACTIVITY,
                spec,
                ledger -> ActivityJob.run(spark, config(lake), ledger),
                (result, elapsed, ledger) ->
                    printSummary(out, lake, result, elapsed, ledger.runId())));
  }

  private ActivityConfig config(Lake lake) {
    return stage.dates.isEmpty()
        ? ActivityConfig.allDates(lake)
        : ActivityConfig.forDates(lake, Set.copyOf(stage.dates));
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
