package io.packetlake.jobs.application;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.ingest.IngestResult;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.app.CapturePass;
import io.packetlake.pcap.app.FlowPass;
import io.packetlake.pcap.app.ObservedDnsMessage;
import io.packetlake.pcap.framing.FramingOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's application-layer pass in Spark writes, for real captures read in small splits, the
 * {@code dns} rows the pass finds without Spark ({@link CapturePass}): Spark's shuffle and sort put
 * each flow's segments in the pass's order, whatever task read them. Reruns leave the same rows,
 * and the ledger records what the pass examined.
 */
final class TestApplicationPass {
  /** DNS over UDP and TCP, EDNS, mDNS and LLMNR, queries without answers, IPv6, Linux cooked. */
  private static final List<String> CAPTURES =
      List.of("dns_tcp.pcap", "dns_udp.pcap", "DnsPackets.pcap", "edns-opts.pcap", "sll.pcap");

  /** Small enough that every capture but the two tiny ones is read by several tasks. */
  private static final long SPLIT_BYTES = 8192;

  @TempDir static Path directory;

  private static SparkSession spark;
  private static Lake lake;
  private static RunLedger ledger;
  private static IngestResult ingested;

  @BeforeAll
  static void ingestInSmallSplits() throws Exception {
    spark = TestSessions.create("TestApplicationPass");
    lake = new Lake(directory.resolve("lake").toString());
    ledger = ledger(lake);
    ingested = ingest(lake, SPLIT_BYTES, ledger);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void dnsRowsAreThePassesMessagesWhateverTheSplitAndTheRerun() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String name : CAPTURES) {
      for (ObservedDnsMessage message :
          CapturePass.messages(
              CapturePass.segments(corpus(name)), FlowPass.DEFAULT_MAX_STREAM_BYTES)) {
        expected.add(describe(message));
      }
    }
    assertThat(expected).hasSizeGreaterThan(400);

    List<String> rows = rows(lake);
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ingested.application().dnsRows()).isEqualTo(expected.size());
    assertThat(ingested.application().counts().get("segments"))
        .isGreaterThanOrEqualTo(expected.size());

    ingest(lake, Long.MAX_VALUE, ledger(lake));
    assertThat(rows(lake))
        .as("rows after a rerun, unsplit")
        .containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void responsesArePairedWithTheirQueries() {
    Dataset<Row> dns = DnsTable.CATALOG.read(spark, lake.table(DnsTable.NAME));
    Dataset<Row> responses = dns.where(col(DnsTable.IS_RESPONSE));
    long paired = responses.where(col("query_time").isNotNull()).count();
    assertThat(paired).isGreaterThan(responses.count() / 2);
    assertThat(
            responses
                .where(
                    col("query_time")
                        .isNotNull()
                        .and(col("response_delay").lt(0).or(col("response_delay").gt(60))))
                .count())
        .isZero();
    assertThat(
            dns.where(col(DnsTable.IS_RESPONSE).equalTo(false))
                .where(col("query_time").isNotNull())
                .count())
        .isZero();
  }

  @Test
  void theLedgerRecordsWhatThePassExaminedAndTheSwitchTurnsItOff() throws Exception {
    assertThat(ledger.json())
        .contains(
            "\"application_layer\" : {", "\"cut_off_bytes\"", "\"dns_parse_status\"", "\"dns\" :");

    Lake without = new Lake(directory.resolve("without").toString());
    IngestResult result =
        IngestJob.run(
            spark,
            new IngestConfig(
                List.of(corpus("dns_udp.pcap").toString()),
                without,
                false,
                FramingOptions.DEFAULT_MAX_RECORD_BYTES,
                true,
                ApplicationLayerConfig.OFF),
            ledger(without));
    assertThat(result.application()).isEqualTo(ApplicationResult.NONE);
    assertThat(Paths.get(without.table(DnsTable.NAME))).doesNotExist();
  }

  private static IngestResult ingest(Lake lake, long maxSplitBytes, RunLedger ledger)
      throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplitBytes);
    try {
      return IngestJob.run(
          spark,
          new IngestConfig(
              CAPTURES.stream().map(name -> corpus(name).toString()).toList(),
              lake,
              false,
              FramingOptions.DEFAULT_MAX_RECORD_BYTES,
              true,
              ApplicationLayerConfig.DEFAULT),
          ledger);
    } finally {
      conf.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
  }

  private static RunLedger ledger(Lake lake) {
    return new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
  }

  private static Path corpus(String name) {
    return Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize();
  }

  /** What both sides know of a message: where it was completed, and its key values. */
  private static String describe(ObservedDnsMessage observed) {
    return String.join(
        "|",
        observed.packet().captureFile().replaceFirst("^file:", ""),
        Long.toString(observed.packet().recordOffset()),
        observed.message().status().name(),
        observed.message().hasHeader()
            ? Integer.toString(observed.message().transactionId())
            : "null",
        String.valueOf(observed.message().queryName()),
        Integer.toString(observed.message().answers().size()),
        Boolean.toString(observed.answersKnownQuery()));
  }

  private static List<String> rows(Lake lake) {
    return DnsTable.CATALOG.read(spark, lake.table(DnsTable.NAME)).collectAsList().stream()
        .map(
            row ->
                String.join(
                    "|",
                    row.<String>getAs("capture_file").replaceFirst("^file:", ""),
                    Long.toString(row.<Long>getAs("record_offset")),
                    row.<String>getAs(DnsTable.PARSE_STATUS),
                    String.valueOf(row.<Object>getAs("transaction_id")),
                    String.valueOf(row.<Object>getAs(DnsTable.QUERY_NAME)),
                    Integer.toString(row.getList(row.fieldIndex(DnsTable.ANSWERS)).size()),
                    Boolean.toString(!row.isNullAt(row.fieldIndex("query_time")))))
        .toList();
  }
}
