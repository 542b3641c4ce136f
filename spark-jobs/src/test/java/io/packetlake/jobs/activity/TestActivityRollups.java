package io.packetlake.jobs.activity;

import static io.packetlake.jobs.activity.ActivityAssertions.exactCounts;
import static io.packetlake.jobs.activity.ActivityAssertions.fingerprint;
import static io.packetlake.jobs.activity.ActivityAssertions.scalaSeq;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Month and year as unions of day sketches: a capture of a new day updates its day, month and year
 * from the stored day rows, without the packets of the days before (they are deleted before the
 * second run); reruns leave the same rows. And the roll-up itself on hand-made day rows: counts and
 * maps summed, the largest day maxima kept.
 */
final class TestActivityRollups {
  private static final LocalDate FIRST_DAY = LocalDate.parse("2021-03-10");
  private static final LocalDate SECOND_DAY = LocalDate.parse("2021-03-11");

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestActivityRollups");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void secondDayUpdatesMonthAndYearWithoutOlderPackets() throws Exception {
    Path first = shifted("tls2.pcap", FIRST_DAY);
    Path second = shifted("650HttpResponses.pcap", SECOND_DAY);
    Lake lake = new Lake(directory.resolve("lake").toString());

    Set<LocalDate> firstDates = ActivityLakes.ingestAndConnect(spark, lake, List.of(first));
    assertThat(firstDates).containsExactly(FIRST_DAY);
    ActivityJob.run(
        spark, ActivityConfig.forDates(lake, firstDates), ActivityLakes.ledger(spark, lake));
    List<String> firstDayRows = fingerprint(day(lake, FIRST_DAY));

    Set<LocalDate> secondDates = ActivityLakes.ingestAndConnect(spark, lake, List.of(second));
    assertThat(secondDates).containsExactly(SECOND_DAY);
    // The exact distinct counts of the month, while all its packets are still there.
    Map<String, Long> exactMonthPeers = new HashMap<>();
    for (Row row :
        exactCounts(spark.read().parquet(lake.table("packets")), "month").collectAsList()) {
      exactMonthPeers.put(row.getAs("role") + " " + row.getAs("address"), row.getAs("exact_peers"));
    }
    deleteRecursively(Path.of(lake.table("packets"), "packet_date=" + FIRST_DAY));

    ActivityResult result =
        ActivityJob.run(
            spark, ActivityConfig.forDates(lake, secondDates), ActivityLakes.ledger(spark, lake));
    // The day before has no packets any more: only the new day is recomputed from packets.
    assertThat(result.recomputedDates()).containsExactly(SECOND_DAY);
    assertThat(result.rollupPeriods())
        .containsExactly(LocalDate.parse("2021-01-01"), LocalDate.parse("2021-03-01"));

    Dataset<Row> activity = spark.read().parquet(lake.table(ActivityTable.NAME)).cache();
    assertThat(fingerprint(day(lake, FIRST_DAY))).containsExactlyElementsOf(firstDayRows);
    Dataset<Row> days = activity.where(col("grain").equalTo("day"));
    Dataset<Row> month = activity.where(col("grain").equalTo("month"));
    Dataset<Row> year = activity.where(col("grain").equalTo("year"));
    assertThat(month.select("period_date").distinct().collectAsList())
        .extracting(row -> row.get(0))
        .containsExactly(LocalDate.parse("2021-03-01"));

    // The month holds both days: packets add up, and the first day's addresses are in it.
    long dayPackets = days.agg(sum(col("packets"))).first().getLong(0);
    assertThat(month.agg(sum(col("packets"))).first().getLong(0)).isEqualTo(dayPackets);
    assertThat(year.agg(sum(col("packets"))).first().getLong(0)).isEqualTo(dayPackets);
    assertThat(month.select("address", "role").distinct().count())
        .isEqualTo(days.select("address", "role").distinct().count());
    assertThat(day(lake, FIRST_DAY).count()).isPositive();

    // Its estimates are those of the union of the day sketches, within the bound of exact.
    Dataset<Row> unions =
        days.groupBy("address", "role")
            .agg(hll_sketch_estimate(hll_union_agg(col("peers_sketch"))).as("union_peers"));
    List<Row> joined = month.join(unions, scalaSeq(List.of("address", "role"))).collectAsList();
    assertThat(joined).hasSize((int) month.count()).hasSize(exactMonthPeers.size());
    for (Row row : joined) {
      long peers = row.getAs("peers");
      assertThat(peers).isEqualTo((long) row.getAs("union_peers"));
      long exact = exactMonthPeers.get(row.getAs("role") + " " + row.getAs("address"));
      assertThat((double) Math.abs(peers - exact))
          .isLessThanOrEqualTo(exact * ActivityTable.ERROR_BOUND);
    }
    // One month: the year row of each address is its month row.
    assertThat(fingerprint(year.drop("grain", "period_date", "period_start")))
        .containsExactlyElementsOf(fingerprint(month.drop("grain", "period_date", "period_start")));

    // Reruns leave the same rows.
    List<String> before = fingerprint(activity);
    activity.unpersist();
    ActivityJob.run(
        spark, ActivityConfig.forDates(lake, secondDates), ActivityLakes.ledger(spark, lake));
    assertThat(fingerprint(spark.read().parquet(lake.table(ActivityTable.NAME))))
        .containsExactlyElementsOf(before);
  }

  @Test
  void rollUpSumsCountsAndMapsAndKeepsTheLargestDayMaxima() {
    byte[] sketch =
        (byte[]) spark.sql("select hll_sketch_agg(id, 12) from range(10)").first().get(0);
    List<Row> days =
        List.of(
            dayRow("2024-01-05", 10, 5, 80, Map.of("tcp", 2L, "udp", 1L), sketch),
            dayRow("2024-01-20", 20, 7, 443, Map.of("tcp", 3L, "icmp", 1L), sketch),
            dayRow("2024-02-03", 40, 7, 22, Map.of(), sketch));
    TreeSet<LocalDate> january = new TreeSet<>(Set.of(LocalDate.parse("2024-01-01")));
    TreeSet<LocalDate> year = new TreeSet<>(Set.of(LocalDate.parse("2024-01-01")));
    Map<String, Row> rows = new HashMap<>();
    for (Row row :
        Rollup.of(spark.createDataFrame(days, ActivityTable.CATALOG.schema()), january, year)
            .collectAsList()) {
      rows.put(row.getAs("grain"), row);
    }

    // February is not one of the months asked for; the year holds all three days.
    assertThat(rows).containsOnlyKeys("month", "year");
    Row month = rows.get("month");
    assertThat(month.<Long>getAs("packets")).isEqualTo(30L);
    assertThat(month.<Long>getAs("connections")).isEqualTo(7L);
    assertThat(month.<Long>getAs("max_peers_on_one_port")).isEqualTo(7L);
    assertThat(month.<Integer>getAs("port_with_max_peers")).isEqualTo(443);
    assertThat(month.<Long>getAs("peers")).isEqualTo(10L);
    assertThat(month.getJavaMap(month.fieldIndex("connections_by_protocol")))
        .containsExactly(entry("icmp", 1L), entry("tcp", 5L), entry("udp", 1L));
    Row wholeYear = rows.get("year");
    assertThat(wholeYear.<Long>getAs("packets")).isEqualTo(70L);
    // Ties between days: the lowest port.
    assertThat(wholeYear.<Integer>getAs("port_with_max_peers")).isEqualTo(22);
    assertThat(wholeYear.getJavaMap(wholeYear.fieldIndex("connections_by_state")))
        .containsExactly(entry("icmp", 1L), entry("tcp", 5L), entry("udp", 1L));
  }

  /** A day row of one address whose connection counts per protocol and per state are the same. */
  private static Row dayRow(
      String date, long packets, long maximum, int port, Map<String, Long> counts, byte[] sketch) {
    LocalDate day = LocalDate.parse(date);
    Map<String, Object> values = new HashMap<>();
    values.put("address", "192.0.2.1");
    values.put("role", "source");
    values.put("period_start", day.atStartOfDay(ZoneOffset.UTC).toInstant());
    values.put("packets", packets);
    values.put("max_peers_on_one_port", maximum);
    values.put("port_with_max_peers", port);
    values.put("max_ports_on_one_peer", maximum);
    values.put("peer_with_max_ports", "198.51.100." + port % 256);
    values.put("connections", counts.values().stream().mapToLong(Long::longValue).sum());
    values.put("connections_by_protocol", counts);
    values.put("connections_by_state", counts);
    values.put("grain", "day");
    values.put("period_date", day);
    List<Object> row = new ArrayList<>();
    for (StructField field : ActivityTable.CATALOG.schema().fields()) {
      Object value = values.get(field.name());
      if (value == null && field.dataType() instanceof BinaryType) {
        value = sketch;
      } else if (value == null) {
        value = 1L;
      }
      row.add(value);
    }
    return RowFactory.create(row.toArray());
  }

  private Dataset<Row> day(Lake lake, LocalDate date) {
    return spark
        .read()
        .parquet(lake.table(ActivityTable.NAME))
        .where(col("grain").isin("minute", "hour", "day").and(col("period_date").equalTo(date)));
  }

  /** A corpus capture moved to start at 10:00 UTC on {@code day}. */
  private Path shifted(String name, LocalDate day) throws Exception {
    List<PacketRecord> records = TestCaptures.readAll(TestCaptures.corpusPath(name));
    long start = day.atTime(10, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
    Path path = directory.resolve(day + "-" + name);
    TestCaptures.write(path, records, start - records.get(0).timestampNanos());
    return path;
  }

  private static void deleteRecursively(Path path) throws Exception {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
