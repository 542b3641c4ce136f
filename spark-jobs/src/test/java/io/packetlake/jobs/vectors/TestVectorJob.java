package io.packetlake.jobs.vectors;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityLakes;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector tables of real captures: MLlib vectors of the configured size that load back from
 * Parquet and fit a KMeans model as they are.
 */
final class TestVectorJob {
  private static final int FEATURES = 1 << 10;

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestVectorJob");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void vectorsLoadBackAndFitKMeans() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    ActivityLakes.ingestAndConnect(
        spark,
        lake,
        List.of(TestCaptures.corpusPath("tls2.pcap"), TestCaptures.corpusPath("DnsPackets.pcap")));
    ActivityJob.run(spark, ActivityConfig.allDates(lake), ActivityLakes.ledger(spark, lake));

    VectorResult result =
        VectorJob.run(
            spark, VectorConfig.allDates(lake, FEATURES), ActivityLakes.ledger(spark, lake));

    Dataset<Row> connections = spark.read().parquet(lake.table(VectorTables.CONNECTION_VECTORS));
    Dataset<Row> activity = spark.read().parquet(lake.table(VectorTables.ACTIVITY_VECTORS));
    assertThat(result.connectionVectorRows())
        .isEqualTo(connections.count())
        .isEqualTo(spark.read().parquet(lake.table("connections")).count());
    assertThat(result.activityVectorRows())
        .isEqualTo(activity.count())
        .isEqualTo(spark.read().parquet(lake.table("ip_activity")).count());
    assertThat(connections.schema().apply("features").dataType())
        .isEqualTo(SQLDataTypes.VectorType());
    assertThat(activity.schema().apply("token_features").dataType())
        .isEqualTo(SQLDataTypes.VectorType());
    assertThat(activity.schema().apply("numeric_features").dataType())
        .isEqualTo(SQLDataTypes.VectorType());
    assertThat(connections.first().<Vector>getAs("features").size()).isEqualTo(FEATURES);
    Row row = activity.where(col("tokens").isNotNull()).first();
    assertThat(row.<Vector>getAs("token_features").size()).isEqualTo(FEATURES);
    assertThat(row.<Vector>getAs("numeric_features").size()).isEqualTo(FEATURES);
    assertThat(row.<Vector>getAs("token_features").numNonzeros()).isPositive();
    assertThat(activity.where("array_contains(tokens, 'role:source')").count()).isPositive();
    assertThat(activity.where("array_contains(tokens, 'flag:ACK')").count()).isPositive();
    assertThat(activity.where("array_contains(tokens, 'proto:udp')").count()).isPositive();

    KMeansModel connectionModel =
        new KMeans().setK(3).setSeed(1).setFeaturesCol("features").fit(connections);
    assertThat(connectionModel.clusterCenters()).hasSize(3);
    KMeansModel activityModel =
        new KMeans().setK(2).setSeed(1).setFeaturesCol("token_features").fit(activity);
    assertThat(activityModel.clusterCenters()).hasSize(2);
    KMeansModel numericModel =
        new KMeans().setK(2).setSeed(1).setFeaturesCol("numeric_features").fit(activity);
    assertThat(numericModel.summary().clusterSizes()).hasSize(2);

    // A rerun leaves the same number of rows (dynamic partition overwrite).
    VectorJob.run(spark, VectorConfig.allDates(lake, FEATURES), ActivityLakes.ledger(spark, lake));
    assertThat(spark.read().parquet(lake.table(VectorTables.CONNECTION_VECTORS)).count())
        .isEqualTo(result.connectionVectorRows());
  }

  @Test
  void numberOfFeaturesIsAPowerOfTwo() {
    Lake lake = new Lake(directory.toString());
    assertThatThrownBy(() -> VectorConfig.allDates(lake, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot hash features: number of features must be a power of two of at least 2: 1000");
  }
}
