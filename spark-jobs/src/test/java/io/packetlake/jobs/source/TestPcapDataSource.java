package io.packetlake.jobs.source;

import static io.packetlake.jobs.ExpectedPacketRows.expectedPacketRowTexts;
import static io.packetlake.pcap.framing.TestCaptures.readAll;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.jobs.ExpectedPacketRows;
import io.packetlake.jobs.TestSessions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

final class TestPcapDataSource {
  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestPcapDataSource");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void rowsOfRealCapturesHoldTheValuesComputedFromTheDecoder() throws Exception {
    // Link layers, VLANs, IPv6 and a capture cut short: each value against rules written apart
    // from the column catalog (ExpectedPacketRows).
    for (String name :
        List.of("four_ipv6_http_streams.pcap", "VlanPackets.pcap", "tcp_rst_data-trunc.pcap")) {
      Path capture = corpus(name);
      List<Row> rows = spark.read().format("pcap").load(capture.toString()).collectAsList();
      assertThat(text(rows)).as(name).containsExactlyElementsOf(expectedPacketRowTexts(capture));
    }
  }

  @Test
  void readsEveryRecordAsARowOfThePacketsTable() throws Exception {
    Path capture = corpus("many-protocols.pcap");
    Dataset<Row> packets = spark.read().format("pcap").load(capture.toString());

    assertThat(packets.schema()).isEqualTo(PacketTable.SCHEMA);
    // One split: the rows come in file order.
    List<Row> rows = packets.collectAsList();
    assertThat(text(rows)).containsExactlyElementsOf(expectedPacketRowTexts(capture));
    assertThat(rows)
        .extracting(row -> row.getString(row.fieldIndex("capture_file")))
        .containsOnly("file:" + capture);
    assertThat(rows.stream().map(row -> row.getString(row.fieldIndex("capture_id"))).distinct())
        .singleElement()
        .asString()
        .matches("[0-9a-f]{16}");
  }

  @Test
  void prunedColumnsAreNotReadAndKeepTheirValues() throws Exception {
    String capture = corpus("many-protocols.pcap").toString();
    Dataset<Row> full = spark.read().format("pcap").load(capture);
    String[] columns = {
      "record_offset", "src_address", "tcp_dst_port", "decode_status", "packet_date"
    };

    Dataset<Row> pruned =
        full.select(Arrays.stream(columns).map(name -> col(name)).toArray(Column[]::new));
    assertThat(scanSchema(pruned).fieldNames()).containsExactlyInAnyOrder(columns);
    assertThat(scanSchema(full).fieldNames()).isEqualTo(PacketTable.SCHEMA.fieldNames());

    List<String> fromFull = new ArrayList<>();
    for (Row row : full.collectAsList()) {
      fromFull.add(
          Arrays.stream(columns)
              .map(name -> String.valueOf(row.get(row.fieldIndex(name))))
              .toList()
              .toString());
    }
    List<String> fromPruned = new ArrayList<>();
    for (Row row : pruned.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        values.add(String.valueOf(row.get(i)));
      }
      fromPruned.add(values.toString());
    }
    assertThat(fromPruned).containsExactlyInAnyOrderElementsOf(fromFull);

    // Framing columns only: nothing is decoded, the rows are still all there.
    Dataset<Row> framing = full.select(col("record_offset"), col("frame_status"));
    assertThat(scanSchema(framing).fieldNames())
        .containsExactlyInAnyOrder("record_offset", "frame_status");
    assertThat(framing.count()).isEqualTo(fromFull.size());
  }

  @Test
  void manySplitsReadWhatOneSplitReads() throws Exception {
    String[] captures = {
      corpus("wireshark_samples-test.pcapng").toString(), corpus("reversedtest.pcap").toString()
    };
    Dataset<Row> unsplit = spark.read().format("pcap").option("split", "false").load(captures);
    Dataset<Row> split =
        spark.read().format("pcap").option("maxSplitBytes", "65536").load(captures);

    assertThat(unsplit.rdd().getNumPartitions()).isEqualTo(2);
    assertThat(split.rdd().getNumPartitions()).isGreaterThan(20);
    List<String> fromUnsplit = sortedText(unsplit);
    assertThat(fromUnsplit).hasSize(5898 + 15721);
    assertThat(sortedText(split)).isEqualTo(fromUnsplit);
  }

  private static List<String> sortedText(Dataset<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      lines.add(row.toString());
    }
    lines.sort(null);
    return lines;
  }

  @Test
  void damagedAndCutRecordsAreFlaggedRows() throws Exception {
    List<PacketRecord> records = readAll(corpus("tls2.pcap")).subList(0, 400);
    Path damaged = directory.resolve("damaged.pcap");
    try (OutputStream out = Files.newOutputStream(damaged);
        PcapWriter writer = new PcapWriter(out, ByteOrder.LITTLE_ENDIAN, true, 1, 262144)) {
      for (PacketRecord record : records) {
        writer.write(
            record.timestampNanos(),
            record.originalLength(),
            record.data(),
            0,
            record.capturedLength());
      }
    }
    byte[] bytes = Files.readAllBytes(damaged);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 24;
    for (int i = 0; i < 200; i++) {
      offset += 16 + buffer.getInt(offset + 8);
    }
    // An impossible captured length in the middle, and the file cut inside its last record.
    buffer.putInt(offset + 8, 0x7000_0000);
    Files.write(damaged, Arrays.copyOf(bytes, bytes.length - 10));

    Dataset<Row> packets = spark.read().format("pcap").load(damaged.toString());
    Map<String, Long> frames = new TreeMap<>();
    for (Row row : packets.groupBy("frame_status").count().collectAsList()) {
      frames.put(row.getString(0), row.getLong(1));
    }
    assertThat(frames)
        .containsEntry("CORRUPT_REGION", 1L)
        .containsEntry("TRUNCATED", 1L)
        .containsEntry("OK", 398L);
    Row corrupt = packets.where(col("frame_status").equalTo("CORRUPT_REGION")).first();
    assertThat(corrupt.<Long>getAs("record_offset")).isEqualTo(offset);
    assertThat(corrupt.<String>getAs("decode_status")).isEqualTo(PacketTable.FRAME_NOT_DECODED);
    assertThat(corrupt.<Object>getAs("packet_time")).isNull();
    assertThat(
            packets
                .where(col("frame_status").equalTo("TRUNCATED"))
                .first()
                .<String>getAs("decode_status"))
        .isNotEqualTo(PacketTable.FRAME_NOT_DECODED);
  }

  @Test
  void queriesFromSqlAndErrorsNameTheFile() throws Exception {
    String capture = corpus("many-protocols.pcap").toString();
    spark.sql(
        "CREATE OR REPLACE TEMPORARY VIEW capture USING pcap OPTIONS (path '" + capture + "')");
    Row byView =
        spark
            .sql("SELECT count(*), count(DISTINCT src_address) FROM capture WHERE ip_version = 4")
            .first();
    assertThat(byView.getLong(0)).isPositive();
    // Spark's pcap.`path` form is for its built-in file formats; a view is the SQL way.
    assertThatThrownBy(() -> spark.sql("SELECT count(*) FROM pcap.`" + capture + "`"))
        .hasMessageContaining("UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY");

    Path text = Files.writeString(directory.resolve("notes.pcap"), "not a capture at all");
    assertThatThrownBy(() -> spark.read().format("pcap").load(text.toString()))
        .hasMessageContaining("Cannot read pcap file:" + text)
        .hasMessageContaining("not a pcap or pcapng file");
    assertThatThrownBy(
            () -> spark.read().format("pcap").option("maxRecordBytes", "lots").load(capture))
        .hasMessageContaining("option maxRecordBytes must be a positive integer: 'lots'");
  }

  private static StructType scanSchema(Dataset<Row> rows) {
    List<SparkPlan> leaves =
        CollectionConverters.asJava(rows.queryExecution().executedPlan().collectLeaves());
    return leaves.stream()
        .filter(BatchScanExec.class::isInstance)
        .map(leaf -> ((BatchScanExec) leaf).scan().readSchema())
        .findFirst()
        .orElseThrow();
  }

  private static List<String> text(List<Row> rows) {
    return rows.stream().map(ExpectedPacketRows::packetRowText).toList();
  }

  private static Path corpus(String name) {
    return Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize();
  }
}
