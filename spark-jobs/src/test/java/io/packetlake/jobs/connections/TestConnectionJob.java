package io.packetlake.jobs.connections;

import static io.packetlake.pcap.framing.TestCaptures.corpusPath;
import static io.packetlake.pcap.framing.TestCaptures.readAll;
import static io.packetlake.pcap.framing.TestCaptures.write;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.CaptureInputs;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.decode.EndpointOrder;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections stage end to end: captures ingested into a lake, connections written, and the
 * rows compared with the pure-Java tracker fed the same packets in time order.
 */
final class TestConnectionJob {
  private static final List<String> CAPTURES = List.of("tls2.pcap", "ip-frag.pcap", "sll2.pcap");

  /**
   * The columns the tracker computes, compared here: the responder's name comes from the dns table
   * (TestResponderNames), whichever DNS messages ingest finds in the captures.
   */
  private static final List<String> TRACKER_COLUMNS =
      ConnectionTable.CATALOG.columnNames().stream()
          .filter(
              name ->
                  !name.equals(ConnectionTable.RESPONDER_NAME)
                      && !name.equals(ConnectionTable.RESPONDER_NAME_TIME))
          .toList();

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestConnectionJob");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void connectionsTableHoldsWhatTheTrackerComputes() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<Path> inputs = CAPTURES.stream().map(TestCaptures::corpusPath).toList();
    ingest(lake, inputs);

    ConnectionResult result =
        ConnectionJob.run(
            spark, ConnectionConfig.allDates(lake, FlowTimeouts.defaults()), ledger(lake));

    List<String> expected = expectedRows(inputs);
    assertThat(result.rows()).isEqualTo(expected.size());
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(expected);
    assertThat(result.recomputedDates()).contains(LocalDate.parse("2021-01-05"));
    // Partitions by start date.
    assertThat(
            table(lake).where(col("start_date").notEqual(col("start_time").cast("date"))).count())
        .isZero();
    assertThat(table(lake).where(col("fragmented_packets").gt(0)).count()).isPositive();
    assertThat(table(lake).where(col("retransmitted_packets").gt(0)).count()).isPositive();

    // Every column carries its definition in the Parquet schema.
    for (StructField field : table(lake).schema().fields()) {
      if (!field.name().equals(ConnectionTable.START_DATE)) {
        assertThat(field.metadata().contains("comment")).as(field.name()).isTrue();
      }
    }
    assertThat(table(lake).columns())
        .contains(
            "duration",
            "start_time",
            "end_time",
            "originator_packets",
            "responder_packets",
            "originator_frame_bytes",
            "responder_frame_bytes",
            "fragmented_packets",
            "ack_packets",
            "retransmitted_packets",
            "psh_packets",
            "syn_packets",
            "fin_packets",
            "tcp_flag_count",
            "urg_packets",
            "sequence_packets");
  }

  @Test
  void sparkGroupsAddressPairsInTheOrderFlowKeysUse() {
    List<String> addresses =
        List.of(
            "10.0.0.9",
            "10.0.0.10",
            "192.0.2.1",
            "2001:db8::1",
            "2001:db8::a",
            "::1",
            "::ffff:192.0.2.1",
            "fe80::1",
            "ff02::1:2");
    List<Row> pairs = new ArrayList<>();
    for (String first : addresses) {
      for (String second : addresses) {
        pairs.add(RowFactory.create(first, second));
      }
    }
    StructType schema =
        new StructType()
            .add("first", DataTypes.StringType, false)
            .add("second", DataTypes.StringType, false);
    List<Row> ordered =
        spark
            .createDataFrame(pairs, schema)
            .select(
                col("first"),
                col("second"),
                AddressOrder.lower(col("first"), col("second")),
                AddressOrder.higher(col("first"), col("second")))
            .collectAsList();

    assertThat(ordered).hasSize(pairs.size());
    for (Row row : ordered) {
      String first = row.getString(0);
      String second = row.getString(1);
      boolean firstIsLower = EndpointOrder.compareAddresses(first, second) <= 0;
      assertThat(row.getString(2)).isEqualTo(firstIsLower ? first : second);
      assertThat(row.getString(3)).isEqualTo(firstIsLower ? second : first);
    }
  }

  @Test
  void connectionsAcrossTwoRunsAndMidnightBecomeOneRowAndRerunsAreIdempotent() throws Exception {
    List<PacketRecord> records = readAll(corpusPath("tls2.pcap"));
    int cut = 3000;
    // Shift the capture so that the cut falls just after midnight: the halves land on two days,
    // and connections crossing the cut cross midnight and both runs.
    long midnight =
        LocalDate.parse("2021-01-06").atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
    long shift = midnight + 500_000_000L - records.get(cut).timestampNanos();
    Path first = directory.resolve("evening.pcap");
    Path second = directory.resolve("after-midnight.pcap");
    write(first, records.subList(0, cut), shift);
    write(second, records.subList(cut, records.size()), shift);
    Path whole = directory.resolve("whole.pcap");
    write(whole, records, shift);
    Lake lake = new Lake(directory.resolve("lake").toString());
    FlowTimeouts timeouts = FlowTimeouts.defaults();

    ingest(lake, List.of(first));
    // A few packets before the cut are stamped after midnight: the first half touches both days.
    Set<LocalDate> firstDates =
        ConnectionJob.datesOf(spark, lake.table("packets"), capturesIds(lake, "evening"));
    assertThat(firstDates)
        .containsExactlyInAnyOrder(LocalDate.parse("2021-01-05"), LocalDate.parse("2021-01-06"));
    ConnectionResult firstRun =
        ConnectionJob.run(
            spark, ConnectionConfig.forDates(lake, firstDates, timeouts), ledger(lake));
    assertThat(firstRun.recomputedDates())
        .containsExactly(LocalDate.parse("2021-01-05"), LocalDate.parse("2021-01-06"));
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(expectedRows(List.of(first)));
    long openAtTheCut = table(lake).where(col("end_reason").equalTo("END_OF_DATA")).count();
    assertThat(openAtTheCut).isPositive();

    ingest(lake, List.of(second));
    Set<LocalDate> changed =
        ConnectionJob.datesOf(spark, lake.table("packets"), capturesIds(lake, "after-midnight"));
    assertThat(changed).containsExactly(LocalDate.parse("2021-01-06"));
    ConnectionResult secondRun =
        ConnectionJob.run(spark, ConnectionConfig.forDates(lake, changed, timeouts), ledger(lake));
    assertThat(secondRun.recomputedDates())
        .containsExactly(LocalDate.parse("2021-01-05"), LocalDate.parse("2021-01-06"));

    // The same rows as from the uncut capture (but for the captures they name): connections
    // spanning the cut are one row each, naming both captures.
    List<String> expected = expectedRows(List.of(whole));
    List<String> afterSecondRun = rowsAsText(table(lake));
    assertThat(withoutCaptureIds(afterSecondRun))
        .containsExactlyElementsOf(withoutCaptureIds(expected));
    long cutNanos = records.get(cut).timestampNanos() + shift;
    Dataset<Row> spanning =
        table(lake).where(col("start_time_ns").lt(cutNanos).and(col("end_time_ns").geq(cutNanos)));
    assertThat(spanning.count()).as("connections spanning the cut").isGreaterThan(10);
    assertThat(spanning.where("size(capture_ids) <> 2").count()).isZero();
    assertThat(table(lake).where("size(capture_ids) = 2").count()).isEqualTo(spanning.count());

    // Reruns leave the same rows, whatever dates they are given.
    ConnectionJob.run(spark, ConnectionConfig.forDates(lake, changed, timeouts), ledger(lake));
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(afterSecondRun);
    ConnectionJob.run(spark, ConnectionConfig.allDates(lake, timeouts), ledger(lake));
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(afterSecondRun);
  }

  private static List<String> capturesIds(Lake lake, String namePart) {
    return spark
        .read()
        .parquet(lake.table("packets"))
        .where(col("capture_file").contains(namePart))
        .select(col("capture_id"))
        .distinct()
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /**
   * Provenance: a connection finds exactly its packets by the flow key hash both tables store and
   * its time range, in the captures it names; fragments after the first carry a port-less key and
   * are left out (their connection counts them).
   */
  @Test
  void connectionFindsItsPacketsByFlowKeyHashTimeRangeAndCaptureIds() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<Path> inputs =
        List.of(
            corpusPath("tls2.pcap"),
            corpusPath("sll2.pcap"),
            corpusPath("many-protocols.pcap"),
            corpusPath("four_ipv6_http_streams.pcap"));
    ingest(lake, inputs);
    ConnectionJob.run(
        spark, ConnectionConfig.allDates(lake, FlowTimeouts.defaults()), ledger(lake));
    spark.read().parquet(lake.table("packets")).createOrReplaceTempView("provenance_packets");
    table(lake).createOrReplaceTempView("provenance_connections");

    List<Row> mismatches =
        spark
            .sql(
                """
                SELECT c.connection_id, c.originator_packets + c.responder_packets AS packets,
                       count(p.record_offset) AS found,
                       c.capture_ids, array_sort(collect_set(p.capture_id)) AS found_captures
                FROM provenance_connections c
                LEFT JOIN provenance_packets p
                  ON p.flow_key_hash = c.flow_key_hash
                 AND p.packet_time_ns BETWEEN c.start_time_ns AND c.end_time_ns
                 AND array_contains(c.capture_ids, p.capture_id)
                WHERE c.fragmented_packets = 0
                GROUP BY c.connection_id, c.originator_packets, c.responder_packets, c.capture_ids
                HAVING found <> packets OR c.capture_ids <> found_captures
                """)
            .collectAsList();
    assertThat(mismatches).isEmpty();
    assertThat(table(lake).where(col("fragmented_packets").equalTo(0)).count()).isGreaterThan(100);

    // Every keyed packet that is not a later fragment belongs to exactly one connection.
    long packetsWithoutOneConnection =
        spark
            .sql(
                """
                SELECT p.capture_id, p.record_offset, count(c.connection_id) AS connections
                FROM provenance_packets p
                LEFT JOIN provenance_connections c
                  ON p.flow_key_hash = c.flow_key_hash
                 AND p.packet_time_ns BETWEEN c.start_time_ns AND c.end_time_ns
                WHERE p.flow_key_hash IS NOT NULL AND NOT (p.is_fragment AND p.ip_fragment_offset > 0)
                GROUP BY p.capture_id, p.record_offset
                HAVING connections <> 1
                """)
            .count();
    assertThat(packetsWithoutOneConnection).isZero();
  }

  private static void ingest(Lake lake, List<Path> inputs) throws IOException {
    IngestJob.run(
        spark,
        new IngestConfig(
            inputs.stream().map(Path::toString).toList(),
            lake,
            false,
            FramingOptions.DEFAULT_MAX_RECORD_BYTES,
            true),
        ledger(lake));
  }

  private static RunLedger ledger(Lake lake) throws IOException {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    ledger.started();
    return ledger;
  }

  private static Dataset<Row> table(Lake lake) {
    return spark.read().parquet(lake.table(ConnectionTable.NAME));
  }

  /**
   * The rows the stage must write for captures ingested into one lake, computed without Spark:
   * their packets, decoded as ingest decodes them, through one tracker in time order.
   */
  static List<String> expectedRows(List<Path> captures) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<FlowPacket> packets = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Path capture : captures) {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(capture.toUri());
      String captureId =
          CaptureInputs.captureId(conf, file.getFileSystem(conf).getFileStatus(file));
      for (PacketRecord record : readAll(capture)) {
        if (record.status() == FrameStatus.CORRUPT_REGION || !record.hasTimestamp()) {
          continue;
        }
        PacketHeaders headers =
            decoder.decode(record.linkType(), record.data(), record.originalLength());
        FlowPacket packet =
            FlowPacket.of(record.timestampNanos(), record.originalLength(), headers, captureId);
        if (packet != null) {
          packets.add(packet);
        }
      }
    }
    packets.sort(Comparator.comparingLong(FlowPacket::timestampNanos));
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(FlowTimeouts.defaults(), connections::add);
    packets.forEach(tracker::accept);
    tracker.finish();
    return connections.stream()
        .map(ConnectionTable::toRow)
        .map(TestConnectionJob::text)
        .sorted()
        .collect(Collectors.toList());
  }

  private static List<String> rowsAsText(Dataset<Row> rows) {
    return rows
        .select(
            TRACKER_COLUMNS.stream()
                .map(name -> col(name))
                .toList()
                .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList()
        .stream()
        .map(TestConnectionJob::text)
        .sorted()
        .toList();
  }

  private static List<String> withoutCaptureIds(List<String> rows) {
    return rows.stream()
        .map(row -> row.replaceAll("capture_ids=\\[[^]]*]", "capture_ids=?"))
        .sorted()
        .toList();
  }

  // An array column is a Java array in a row built by the catalog, a Scala Seq in a row read back.
  private static Object comparable(Object value) {
    if (value instanceof Object[] array) {
      return List.of(array);
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    return value;
  }

  private static String text(Row row) {
    List<String> values = new ArrayList<>();
    for (String name : TRACKER_COLUMNS) {
      values.add(name + "=" + comparable(row.get(row.fieldIndex(name))));
    }
    return String.join(" ", values);
  }
}
