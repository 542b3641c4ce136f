package io.packetlake.benchmarks;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.QueryPlanningTracker;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * Where {@code ActivityJob.run} spends its time on an existing lake (packets and connections
 * written): per run the wall time, the time inside Spark jobs and outside them (the driver:
 * analysis, optimization, planning, file listing), and the jobs, stages, tasks and shuffle bytes;
 * per query its duration and its planning phases from the {@link QueryPlanningTracker}.
 *
 * <p>{@code java -cp <benchmarks class path> io.packetlake.benchmarks.ActivityJobProfile LAKE
 * [RUNS]}, the class path as {@code bin/jmh} builds it. The class calls only {@code
 * ActivityJob.run}, so with an older job jar first on the class path it profiles that version's job
 * on the same lake.
 */
public final class ActivityJobProfile {
  private final SparkSession spark;
  private final Lake lake;
  private final PrintWriter out;

  public ActivityJobProfile(SparkSession spark, Lake lake, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.out = requireNonNull(out, "out is null");
  }

  public static void main(String[] arguments) throws Exception {
    if (arguments.length < 1 || arguments.length > 2) {
      throw new IllegalArgumentException("Usage: ActivityJobProfile LAKE [RUNS]");
    }
    int runs = arguments.length == 2 ? Integer.parseInt(arguments[1]) : 3;
    SparkSession spark = SparkSessions.create("packetlake activity profile");
    try {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      new ActivityJobProfile(spark, new Lake(arguments[0]), out).run(runs);
    } finally {
      spark.stop();
    }
  }

  /** Runs the job {@code runs} times (all dates of the lake) and prints one block per run. */
  public void run(int runs) throws Exception {
    for (int run = 1; run <= runs; run++) {
      Counters counters = new Counters();
      Queries queries = new Queries();
      spark.sparkContext().addSparkListener(counters);
      spark.listenerManager().register(queries);
      RunLedger ledger =
          new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "profile", Instant.now());
      ledger.started();
      System.gc();
      long compilations = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
      double compileMillis = compileMillis();
      long started = System.nanoTime();
      ActivityJob.run(spark, ActivityConfig.allDates(lake), ledger);
      double wall = (System.nanoTime() - started) / 1e9;
      ledger.finished(Instant.now(), "SUCCEEDED", null);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(counters);
      spark.listenerManager().unregister(queries);
      out.printf(
          Locale.ROOT,
          "run %d: %.2f s wall, %.2f s in jobs, %.2f s outside jobs; %d jobs, %d stages"
              + " (%d skipped), %d tasks, %.1f MB shuffle written%n",
          run,
          wall,
          counters.inJobsSeconds(),
          wall - counters.inJobsSeconds(),
          counters.jobs,
          counters.stages,
          counters.skippedStages(),
          counters.tasks,
          counters.shuffleBytes / 1e6);
      out.printf(
          Locale.ROOT,
          "  code generation: %d classes compiled in %.2f s%n",
          CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - compilations,
          (compileMillis() - compileMillis) / 1e3);
      for (String stage : counters.stageLines) {
        out.println("  " + stage);
      }
      for (String query : queries.lines) {
        out.println("  " + query);
      }
      out.flush();
    }
  }

  private static double compileMillis() {
    com.codahale.metrics.Snapshot snapshot = CodegenMetrics.METRIC_COMPILATION_TIME().getSnapshot();
    return snapshot.getMean() * CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }

  /** Jobs, stages, tasks and the union of the jobs' intervals (jobs may overlap). */
  private static final class Counters extends SparkListener {
    private final List<long[]> intervals = new ArrayList<>();
    private final java.util.Map<Integer, Long> jobStarts = new java.util.HashMap<>();
    private final List<String> stageLines = new ArrayList<>();
    private int jobs;
    private int stages;
    private int stagesPlanned;
    private long tasks;
    private long shuffleBytes;

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
      jobs++;
      stagesPlanned += jobStart.stageIds().size();
      jobStarts.put(jobStart.jobId(), jobStart.time());
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
      Long start = jobStarts.remove(jobEnd.jobId());
      if (start != null) {
        intervals.add(new long[] {start, jobEnd.time()});
      }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
      stages++;
      org.apache.spark.scheduler.StageInfo info = stageCompleted.stageInfo();
      long started = info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : 0;
      long ended = info.completionTime().isDefined() ? (Long) info.completionTime().get() : 0;
      stageLines.add(
          String.format(
              Locale.ROOT,
              "stage %d: %d tasks, %.2f s, task run %.2f s (cpu %.2f s), %s",
              info.stageId(),
              info.numTasks(),
              (ended - started) / 1e3,
              info.taskMetrics().executorRunTime() / 1e3,
              info.taskMetrics().executorCpuTime() / 1e9,
              info.name()));
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      tasks++;
      if (taskEnd.taskMetrics() != null) {
        shuffleBytes += taskEnd.taskMetrics().shuffleWriteMetrics().bytesWritten();
      }
    }

    synchronized int skippedStages() {
      return stagesPlanned - stages;
    }

    synchronized double inJobsSeconds() {
      List<long[]> sorted = new ArrayList<>(intervals);
      sorted.sort((left, right) -> Long.compare(left[0], right[0]));
      long total = 0;
      long end = Long.MIN_VALUE;
      for (long[] interval : sorted) {
        long from = Math.max(interval[0], end);
        if (interval[1] > from) {
          total += interval[1] - from;
        }
        end = Math.max(end, interval[1]);
      }
      return total / 1e3;
    }
  }

  /** One line per query: its duration and planning phases. */
  private static final class Queries implements QueryExecutionListener {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void onSuccess(String function, QueryExecution execution, long nanos) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "query %s: %.2f s",
                  function,
                  TimeUnit.NANOSECONDS.toMillis(nanos) / 1e3));
      scala.collection.Iterator<scala.Tuple2<String, QueryPlanningTracker.PhaseSummary>> phases =
          execution.tracker().phases().iterator();
      while (phases.hasNext()) {
        scala.Tuple2<String, QueryPlanningTracker.PhaseSummary> phase = phases.next();
        line.append(
            String.format(Locale.ROOT, ", %s %.2f s", phase._1(), phase._2().durationMs() / 1e3));
      }
      lines.add(line.toString());
    }

    @Override
    public void onFailure(String function, QueryExecution execution, Exception exception) {}
  }
}
