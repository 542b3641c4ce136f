package io.packetlake.jobs.cli;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.jobs.vectors.VectorJob;
import io.packetlake.jobs.vectors.VectorResult;
import io.packetlake.jobs.vectors.VectorTables;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code packetlake vectors}: hashed feature vectors of connections and of ip_activity rows. */
@Command(
    name = "vectors",
    mixinStandardHelpOptions = true,
    description = {
      "Writes <lake>/connection_vectors (FeatureHasher over connection columns) and"
          + " <lake>/ip_activity_vectors (HashingTF over token bags, FeatureHasher over counts).",
      "With --date, recomputes the partitions the connections and activity stages rewrite for"
          + " those dates; without, everything."
    })
public final class VectorsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StageOptions stage = new StageOptions();

  @Option(
      names = "--features",
      paramLabel = "N",
      description = "Size of every vector, a power of two (default: ${DEFAULT-VALUE}).")
  int numberOfFeatures = VectorConfig.DEFAULT_NUMBER_OF_FEATURES;

  @Override
  public Integer call() throws Exception {
    boolean shared = SparkSessions.running();
    SparkSession spark = SparkSessions.create("packetlake vectors");
    try {
      return vectors(
          spark,
          new Lake(stage.lake),
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          "vectors");
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  /** Runs the stage in an existing session, with its own ledger entry; returns the exit code. */
  public int vectors(
      SparkSession spark, Lake lake, PrintWriter out, PrintWriter err, String command)
      throws Exception {
    Instant started = Instant.now();
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, command, started);
    ledger.started();
    try {
      VectorConfig config =
          stage.dates.isEmpty()
              ? VectorConfig.allDates(lake, numberOfFeatures)
              : VectorConfig.forDates(lake, Set.copyOf(stage.dates), numberOfFeatures);
      VectorResult result = VectorJob.run(spark, config, ledger);
      Instant finished = Instant.now();
      Duration elapsed = Duration.between(started, finished);
      ledger.stageSeconds("vectors", elapsed.toMillis() / 1000.0);
      ledger.finished(finished, "SUCCEEDED", null);
      out.printf(
          "Vectors: %,d connection rows, %,d activity rows, %,d features, in %.1f s%n",
          result.connectionVectorRows(),
          result.activityVectorRows(),
          numberOfFeatures,
          elapsed.toMillis() / 1000.0);
      out.printf(
          "  tables: %s, %s%n",
          lake.table(VectorTables.CONNECTION_VECTORS), lake.table(VectorTables.ACTIVITY_VECTORS));
      out.printf("  ledger: %s%n", ledger.entryPath());
      out.flush();
      return 0;
    } catch (Exception e) {
      return RunFailures.failed(ledger, err, e);
    }
  }
}
