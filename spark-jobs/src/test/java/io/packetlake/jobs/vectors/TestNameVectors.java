package io.packetlake.jobs.vectors;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.activity.ActivityLakes;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.application.DnsRows;
import io.packetlake.jobs.lake.Lake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * name_vectors of hand-made dns rows: the tokens and term frequencies of known queries at every
 * grain, the same rows after a rerun, and IDF weights equal to MLlib's {@code IDF.fit}.
 */
final class TestNameVectors {
  private static final int FEATURES = 1 << 12;
  private static final String CLIENT = "10.0.0.5";
  private static final String OTHER_CLIENT = "10.0.0.7";
  private static final String RESOLVER = "10.0.0.53";
  private static final String UPSTREAM = "192.0.2.1";
  private static final String MDNS_GROUP = "224.0.0.251";
  private static final Instant MARCH_5 = Instant.parse("2024-03-05T10:15:05Z");
  private static final Instant MARCH_6 = Instant.parse("2024-03-06T08:00:30Z");

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestNameVectors");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /**
   * The client asks for two names in the minute 10:15 of March 5 and one of them again at 10:47;
   * the resolver forwards one upstream; on March 6 the client asks again and a second client
   * resolves an address and a printer over mDNS. Responses and a query whose name could not be read
   * count for nobody.
   */
  private static DnsRows dns() {
    return new DnsRows()
        .query(MARCH_5, CLIENT, RESOLVER, "WWW.Example.com")
        .response(MARCH_5, CLIENT, RESOLVER, "WWW.Example.com", List.of("93.184.216.34"))
        .query(MARCH_5.plusSeconds(1), RESOLVER, UPSTREAM, "www.example.com")
        .query(MARCH_5.plusSeconds(35), CLIENT, RESOLVER, "mail.example.com")
        .query(MARCH_5.plusSeconds(32 * 60), CLIENT, RESOLVER, "www.example.com")
        .truncatedQuery(MARCH_5.plusSeconds(40), CLIENT, RESOLVER)
        .query(MARCH_6, CLIENT, RESOLVER, "www.bbc.co.uk")
        .query(MARCH_6, OTHER_CLIENT, RESOLVER, "4.3.2.10.in-addr.arpa")
        .query(MARCH_6.plusSeconds(5), OTHER_CLIENT, MDNS_GROUP, "printer.local");
  }

  @Test
  void tokensAndTermFrequenciesAtEveryGrain() throws IOException {
    Lake lake = lake();
    VectorResult result = run(lake, VectorConfig.allDates(lake, FEATURES));

    Dataset<Row> table = NameVectorTable.CATALOG.read(spark, lake.table(NameVectorTable.NAME));
    assertThat(result.nameVectorRows()).isEqualTo(table.count());
    assertThat(table.where(col(NameVectorTable.NAME_TFIDF).isNotNull()).count()).isZero();

    Row minute = row(table, "minute", CLIENT, "2024-03-05T10:15:00Z");
    assertThat(minute.<Long>getAs(NameVectorTable.QUERY_COUNT)).isEqualTo(2);
    assertThat(minute.<Long>getAs(NameVectorTable.DISTINCT_NAMES)).isEqualTo(2);
    assertThat(minute.getList(minute.fieldIndex(NameVectorTable.NAME_TOKENS)))
        .containsExactly(
            "domain=example.com",
            "label=com",
            "label=example",
            "label=mail",
            "label=www",
            "name=mail.example.com",
            "name=www.example.com");
    List<String> www = NameTokens.of("www.example.com");
    List<String> mail = NameTokens.of("mail.example.com");
    assertThat(features(minute)).isEqualTo(termFrequencies(www, mail));

    Row hour = row(table, "hour", CLIENT, "2024-03-05T10:00:00Z");
    assertThat(hour.<Long>getAs(NameVectorTable.QUERY_COUNT)).isEqualTo(3);
    assertThat(hour.<Long>getAs(NameVectorTable.DISTINCT_NAMES)).isEqualTo(2);
    assertThat(hour.isNullAt(hour.fieldIndex(NameVectorTable.NAME_TOKENS))).isTrue();
    assertThat(features(hour)).isEqualTo(termFrequencies(www, mail, www));
    Row day = row(table, "day", CLIENT, "2024-03-05T00:00:00Z");
    assertThat(features(day)).isEqualTo(features(hour));

    List<String> bbc = NameTokens.of("www.bbc.co.uk");
    for (String grain : List.of("month", "year")) {
      Row period =
          row(
              table,
              grain,
              CLIENT,
              grain.equals("month") ? "2024-03-01T00:00:00Z" : "2024-01-01T00:00:00Z");
      assertThat(period.<Long>getAs(NameVectorTable.QUERY_COUNT)).as(grain).isEqualTo(4);
      assertThat(period.<Long>getAs(NameVectorTable.DISTINCT_NAMES)).as(grain).isEqualTo(3);
      assertThat(features(period)).as(grain).isEqualTo(termFrequencies(www, mail, www, bbc));
    }
    assertThat(
            row(table, "month", CLIENT, "2024-03-01T00:00:00Z")
                .<LocalDate>getAs(ActivityTable.PERIOD_DATE))
        .isEqualTo(LocalDate.parse("2024-03-01"));

    // The resolver's own query upstream counts for the resolver; the responses it sent do not.
    Row resolver = row(table, "day", RESOLVER, "2024-03-05T00:00:00Z");
    assertThat(resolver.<Long>getAs(NameVectorTable.QUERY_COUNT)).isEqualTo(1);
    assertThat(features(resolver)).isEqualTo(termFrequencies(www));

    Row other = row(table, "minute", OTHER_CLIENT, "2024-03-06T08:00:00Z");
    assertThat(other.getList(other.fieldIndex(NameVectorTable.NAME_TOKENS)))
        .containsExactly(
            "domain=10.in-addr.arpa",
            "label=local",
            "label=printer",
            "name=4.3.2.10.in-addr.arpa",
            "name=printer.local");

    // Addresses: clients and the resolver, never the upstream server or the mDNS group.
    assertThat(
            table
                .select(ActivityTable.ADDRESS)
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(CLIENT, OTHER_CLIENT, RESOLVER);
    // Per grain: the client's 2 minutes on March 5 and 1 on March 6, the resolver's, the other's.
    assertThat(countsByGrain(table))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("minute", 5L, "hour", 4L, "day", 4L, "month", 3L, "year", 3L));
  }

  @Test
  void rerunsLeaveTheSameRows() throws IOException {
    Lake lake = lake();
    run(lake, VectorConfig.allDates(lake, FEATURES));
    List<String> first = contents(lake);

    VectorResult oneDay =
        run(lake, VectorConfig.forDates(lake, Set.of(LocalDate.parse("2024-03-06")), FEATURES));
    assertThat(contents(lake)).isEqualTo(first);
    // March 6 and the day before it (the horizon), and the month and year holding them.
    assertThat(oneDay.nameVectorRows()).isEqualTo(first.size());
  }

  @Test
  void idfWeightsAreMllibsFitOverEachPartition() throws IOException {
    Lake lake = lake();
    VectorConfig config = VectorConfig.allDates(lake, FEATURES).withNameIdf(true);
    assertThat(config.settings()).containsEntry("name_idf", true);
    run(lake, config);

    Dataset<Row> table = NameVectorTable.CATALOG.read(spark, lake.table(NameVectorTable.NAME));
    assertThat(table.where(col(NameVectorTable.NAME_TFIDF).isNull()).count()).isZero();
    for (String[] partition :
        List.of(
            new String[] {"day", "2024-03-05"},
            new String[] {"minute", "2024-03-06"},
            new String[] {"month", "2024-03-01"})) {
      Dataset<Row> rows =
          table.where(
              col(ActivityTable.GRAIN)
                  .equalTo(partition[0])
                  .and(col(ActivityTable.PERIOD_DATE).equalTo(partition[1])));
      List<Row> fitted =
          new IDF()
              .setInputCol(NameVectorTable.NAME_FEATURES)
              .setOutputCol("expected")
              .fit(rows)
              .transform(rows)
              .collectAsList();
      assertThat(fitted).as(String.join(" ", partition)).hasSizeGreaterThan(1);
      for (Row row : fitted) {
        Vector expected = row.getAs("expected");
        Vector actual = row.getAs(NameVectorTable.NAME_TFIDF);
        assertThat(actual.size()).isEqualTo(FEATURES);
        assertThat(actual.toSparse().indices()).isEqualTo(expected.toSparse().indices());
        double[] expectedValues = expected.toSparse().values();
        double[] actualValues = actual.toSparse().values();
        for (int index = 0; index < expectedValues.length; index++) {
          assertThat(actualValues[index]).isCloseTo(expectedValues[index], within(1e-12));
        }
      }
    }
    // A token every address of the partition used weighs nothing; one used by some, more.
    Row client = row(table, "day", CLIENT, "2024-03-05T00:00:00Z");
    Vector weighted = client.getAs(NameVectorTable.NAME_TFIDF);
    int shared = new HashingTF().setNumFeatures(FEATURES).indexOf("name=www.example.com");
    int own = new HashingTF().setNumFeatures(FEATURES).indexOf("name=mail.example.com");
    assertThat(weighted.apply(shared)).isZero();
    assertThat(weighted.apply(own)).isCloseTo(Math.log(3.0 / 2.0), within(1e-12));

    // Without IDF, a rerun clears the weights of the partitions it rewrites.
    run(lake, VectorConfig.allDates(lake, FEATURES));
    assertThat(
            NameVectorTable.CATALOG
                .read(spark, lake.table(NameVectorTable.NAME))
                .where(col(NameVectorTable.NAME_TFIDF).isNotNull())
                .count())
        .isZero();
  }

  @Test
  void noDnsTableWritesNothing() throws IOException {
    Lake lake = new Lake(directory.resolve("empty").toString());
    assertThat(run(lake, VectorConfig.allDates(lake, FEATURES)).nameVectorRows()).isZero();
  }

  private Lake lake() throws IOException {
    Lake lake = new Lake(directory.resolve("lake").toString());
    dns().writeTo(spark, lake);
    return lake;
  }

  private static VectorResult run(Lake lake, VectorConfig config) throws IOException {
    return VectorJob.run(spark, config, ActivityLakes.ledger(spark, lake));
  }

  private static Row row(Dataset<Row> table, String grain, String address, String periodStart) {
    List<Row> rows =
        table
            .where(
                col(ActivityTable.GRAIN)
                    .equalTo(grain)
                    .and(col(ActivityTable.ADDRESS).equalTo(address))
                    .and(
                        col(ActivityTable.PERIOD_START)
                            .equalTo(java.sql.Timestamp.from(Instant.parse(periodStart)))))
            .collectAsList();
    assertThat(rows).as(grain + " " + address + " " + periodStart).hasSize(1);
    return rows.get(0);
  }

  private static Vector features(Row row) {
    return row.getAs(NameVectorTable.NAME_FEATURES);
  }

  /** The HashingTF vector of the tokens of the queries, as the stage must write it. */
  @SafeVarargs
  private static Vector termFrequencies(List<String>... queries) {
    HashingTF hashing = new HashingTF().setNumFeatures(FEATURES);
    TreeMap<Integer, Double> counts = new TreeMap<>();
    for (List<String> tokens : queries) {
      for (String token : tokens) {
        counts.merge(hashing.indexOf(token), 1.0, Double::sum);
      }
    }
    return Vectors.sparse(
        FEATURES,
        counts.keySet().stream().mapToInt(Integer::intValue).toArray(),
        counts.values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static Map<String, Long> countsByGrain(Dataset<Row> table) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : table.groupBy(ActivityTable.GRAIN).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  /** Every row as text, sketches left out (their bytes may differ for the same set), in order. */
  private static List<String> contents(Lake lake) {
    Dataset<Row> table = NameVectorTable.CATALOG.read(spark, lake.table(NameVectorTable.NAME));
    List<String> rows = new ArrayList<>();
    for (Row row :
        table
            .drop(NameVectorTable.DISTINCT_NAMES_SKETCH)
            .orderBy(ActivityTable.GRAIN, ActivityTable.ADDRESS, ActivityTable.PERIOD_START)
            .collectAsList()) {
      rows.add(row.toString());
    }
    return rows;
  }
}
