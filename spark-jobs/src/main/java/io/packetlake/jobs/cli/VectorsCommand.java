package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.vectors.NameVectorTable;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.jobs.vectors.VectorJob;
import io.packetlake.jobs.vectors.VectorResult;
import io.packetlake.jobs.vectors.VectorTables;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake vectors}: hashed feature vectors of connections, of ip_activity rows and of the
 * names each address asked DNS for.
 */
@Command(
    name = "vectors",
    mixinStandardHelpOptions = true,
    description = {
      "Writes <lake>/connection_vectors (FeatureHasher over connection columns) and"
          + " <lake>/ip_activity_vectors (HashingTF over token bags, FeatureHasher over counts) and"
          + " <lake>/name_vectors (HashingTF over the names each address queried in dns).",
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

  @Option(
      names = "--name-idf",
      description =
          "Also fill name_vectors.name_tfidf: term frequencies weighted by the IDF of each grain"
              + " and period_date partition written (MLlib's formula, minimum document frequency"
              + " 0). Off by default.")
  boolean nameIdf;

  @Override
  public Integer call() throws Exception {
    Lake lake = stage.lake();
    PrintWriter out = spec.commandLine().getOut();
    return StageRun.inSession(
        "packetlake vectors",
        spark ->
            StageRun.stage(
                spark,
                lake,
                Stage.VECTORS,
                spec,
                ledger -> VectorJob.run(spark, config(lake), ledger),
                (result, elapsed, ledger) -> printSummary(out, lake, result, elapsed, ledger)));
  }

  private VectorConfig config(Lake lake) {
    VectorConfig config =
        stage.dates.isEmpty()
            ? VectorConfig.allDates(lake, numberOfFeatures)
            : VectorConfig.forDates(lake, Set.copyOf(stage.dates), numberOfFeatures);
    return config.withNameIdf(nameIdf);
  }

  private void printSummary(
      PrintWriter out, Lake lake, VectorResult result, Duration elapsed, RunLedger ledger) {
    out.printf(
        "Vectors: %,d connection rows, %,d activity rows, %,d name rows, %,d features, in %.1f"
            + " s%n",
        result.connectionVectorRows(),
        result.activityVectorRows(),
        result.nameVectorRows(),
        numberOfFeatures,
        StageRun.seconds(elapsed));
    out.printf(
        "  tables: %s, %s, %s%n",
        lake.table(VectorTables.CONNECTION_VECTORS),
        lake.table(VectorTables.ACTIVITY_VECTORS),
        lake.table(NameVectorTable.NAME));
    out.printf("  ledger: %s%n", ledger.entryPath());
    out.flush();
  }
}
