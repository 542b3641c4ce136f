package io.packetlake.jobs.activity;

import static io.packetlake.jobs.activity.ActivityAssertions.assertWithinBound;
import static io.packetlake.jobs.activity.ActivityAssertions.exactCounts;
import static io.packetlake.jobs.activity.ActivityAssertions.fingerprint;
import static io.packetlake.jobs.activity.ActivityAssertions.roles;
import static io.packetlake.jobs.activity.ActivityAssertions.scalaSeq;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ip_activity} of real captures against exact counts computed from their packets: estimates
 * within the stated bound at every grain, exact maxima, sums, connections, and month and year as
 * unions of the day sketches.
 */
final class TestActivityJob {
  private static final List<String> CAPTURES =
      List.of("tls2.pcap", "650HttpResponses.pcap", "DnsPackets.pcap");

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestActivityJob");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void activityOfRealCapturesMatchesExactCounts() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    ActivityLakes.ingestAndConnect(
        spark, lake, CAPTURES.stream().map(TestCaptures::corpusPath).toList());

    ActivityResult result =
        ActivityJob.run(spark, ActivityConfig.allDates(lake), ActivityLakes.ledger(spark, lake));

    Dataset<Row> packets = spark.read().parquet(lake.table("packets")).cache();
    Dataset<Row> activity = spark.read().parquet(lake.table(ActivityTable.NAME)).cache();
    assertThat(result.rowsPerGrain()).containsOnlyKeys(Grain.values());
    for (Grain grain : Grain.values()) {
      assertThat(result.rowsPerGrain().get(grain)).as("rows of %s", grain).isPositive();
      assertThat(activity.where(col("grain").equalTo(grain.value())).count())
          .isEqualTo(result.rowsPerGrain().get(grain));
      assertWithinBound(activity, exactCounts(packets, grain.value()), grain.value());
    }

    // Every column carries its definition in the Parquet schema.
    for (StructField field : activity.schema().fields()) {
      if (field.name().equals(ActivityTable.GRAIN)
          || field.name().equals(ActivityTable.PERIOD_DATE)) {
        continue;
      }
      assertThat(field.metadata().contains("comment")).as(field.name()).isTrue();
    }
    assertThat(activity.columns())
        .containsExactlyInAnyOrderElementsOf(ActivityTable.CATALOG.columnNames());

    // Packets and flag packets add up to the packets table, once per role.
    long ipPackets = roles(packets).count();
    for (Grain grain : Grain.values()) {
      Row totals =
          activity
              .where(col("grain").equalTo(grain.value()))
              .agg(sum(col("packets")), sum(col("syn_packets")))
              .first();
      assertThat(totals.getLong(0)).as("packets of %s", grain).isEqualTo(ipPackets);
      assertThat(totals.getLong(1))
          .isEqualTo(roles(packets).where(col("tcp_flags").bitwiseAND(2).notEqual(0)).count());
    }

    // Minute, hour and day maxima are exact.
    for (Grain grain : List.of(Grain.MINUTE, Grain.HOUR, Grain.DAY)) {
      Dataset<Row> exactMaximum =
          roles(packets)
              .where(col("port").isNotNull())
              .withColumn("period_start", date_trunc(grain.value(), col("packet_time")))
              .groupBy("address", "role", "period_start", "port")
              .agg(countDistinct(col("peer")).as("peers_on_port"))
              .groupBy("address", "role", "period_start")
              .agg(max(col("peers_on_port")).as("exact_maximum"));
      assertThat(
              activity
                  .where(col("grain").equalTo(grain.value()))
                  .join(exactMaximum, scalaSeq(List.of("address", "role", "period_start")))
                  .where(col("max_peers_on_one_port").notEqual(col("exact_maximum")))
                  .count())
          .as("max_peers_on_one_port of %s", grain)
          .isZero();
    }

    // Each connection counts once for its originator and once for its responder.
    long connections = spark.read().parquet(lake.table("connections")).count();
    for (Grain grain : Grain.values()) {
      Row sums =
          activity
              .where(col("grain").equalTo(grain.value()))
              .groupBy(col("role"))
              .agg(sum(col("connections")))
              .agg(max(col("sum(connections)")), count(col("role")))
              .first();
      assertThat(sums.getLong(0)).as("connections of %s", grain).isEqualTo(connections);
    }
    assertThat(
            activity
                .where(col("grain").equalTo("day").and(col("connections").gt(0)))
                .where("connections_by_state['SF'] > 0 or connections_by_state['S0'] > 0")
                .count())
        .isPositive();

    // A month is the union of its days, and within the bound of the exact month count.
    Dataset<Row> unions =
        activity
            .where(col("grain").equalTo("day"))
            .withColumn("period_start", date_trunc("month", col("period_start")))
            .groupBy("address", "role", "period_start")
            .agg(hll_sketch_estimate(hll_union_agg(col("peers_sketch"))).as("union_peers"));
    Dataset<Row> months = activity.where(col("grain").equalTo("month"));
    assertThat(
            months
                .join(unions, scalaSeq(List.of("address", "role", "period_start")))
                .where(col("peers").equalTo(col("union_peers")))
                .count())
        .isEqualTo(months.count());

    // A rerun leaves the same rows.
    List<String> before = fingerprint(activity);
    ActivityJob.run(spark, ActivityConfig.allDates(lake), ActivityLakes.ledger(spark, lake));
    assertThat(fingerprint(spark.read().parquet(lake.table(ActivityTable.NAME))))
        .containsExactlyElementsOf(before);
  }
}
