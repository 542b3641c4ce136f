package io.packetlake.jobs.ingest;

import static io.packetlake.jobs.ExpectedPacketRows.expectedPacketRowTexts;
import static io.packetlake.jobs.ExpectedPacketRows.packetRowText;
import static io.packetlake.pcap.framing.TestCaptures.readAll;
import static io.packetlake.pcap.framing.TestCaptures.write;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.CaptureReadException;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.WriteFilesExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

final class TestIngestJob {
  private static final List<String> CAPTURES =
      List.of("tls2.pcap", "1kxun.pcap", "reversedtest.pcap", "tcp-malformed.pcap", "sll2.pcap");

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestIngestJob");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void packetsTableHoldsEveryDecodedRecordOfEveryCapture() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<String> inputs = CAPTURES.stream().map(TestIngestJob::corpusPath).toList();
    IngestResult result = ingest(lake, inputs, false);

    long expectedRows = 0;
    for (String input : inputs) {
      List<String> expected = expectedPacketRowTexts(Paths.get(input));
      expectedRows += expected.size();
      List<String> actual =
          rowsAsText(
              table(lake)
                  .where(col("capture_file").endsWith("/" + Paths.get(input).getFileName())));
      assertThat(actual).as(input).containsExactlyElementsOf(expected);
    }
    assertThat(result.rows()).isEqualTo(expectedRows);
    assertThat(result.captures()).hasSize(CAPTURES.size());

    // Partitions: every row's date is the UTC date of its timestamp.
    assertThat(
            table(lake)
                .where(col("packet_time").isNotNull())
                .where(col("packet_date").notEqual(col("packet_time").cast("date")))
                .count())
        .isZero();
    assertThat(
            Files.list(directory.resolve("lake/packets"))
                .map(path -> path.getFileName().toString()))
        .contains("packet_date=2021-01-05", "packet_date=2016-08-02");

    // Rerunning the same input leaves the same rows.
    List<String> before = rowsAsText(table(lake));
    IngestResult rerun = ingest(lake, inputs, false);
    assertThat(rerun.rows()).isEqualTo(expectedRows);
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(before);

    // The ledger has one finished entry per run.
    try (var entries = Files.list(directory.resolve("lake/_runs"))) {
      List<Path> files = entries.filter(path -> path.toString().endsWith(".json")).toList();
      assertThat(files).hasSize(2);
      assertThat(Files.readString(files.get(0)))
          .contains("\"status\" : \"SUCCEEDED\"", "\"packets\" : " + expectedRows);
    }
  }

  @Test
  void anotherCaptureOfTheSameDayAddsToThatDay() throws Exception {
    List<PacketRecord> records = readAll(Paths.get(corpusPath("tls2.pcap")));
    Path first = directory.resolve("morning.pcap");
    Path second = directory.resolve("afternoon.pcap");
    write(first, records.subList(0, 3000));
    write(second, records.subList(3000, records.size()));
    Lake lake = new Lake(directory.resolve("lake").toString());

    ingest(lake, List.of(first.toString()), false);
    LocalDate day =
        LocalDate.ofInstant(
            Instant.ofEpochSecond(records.get(0).timestampNanos() / 1_000_000_000L),
            ZoneOffset.UTC);
    assertThat(table(lake).where(col("packet_date").equalTo(day)).count()).isEqualTo(3000);

    ingest(lake, List.of(second.toString()), false);
    assertThat(table(lake).count()).isEqualTo(records.size());

    ingest(lake, List.of(first.toString()), false);
    assertThat(table(lake).count()).isEqualTo(records.size());
  }

  @Test
  void unreadableInputFailsTheRunOrIsSkipped() throws Exception {
    Path text = Files.writeString(directory.resolve("notes.pcap"), "not a capture at all");
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<String> inputs = List.of(corpusPath("sll2.pcap"), text.toString());

    assertThatThrownBy(() -> ingest(lake, inputs, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot ingest file:" + text)
        .hasMessageContaining("not a pcap or pcapng file (magic 0x6e6f7420)")
        .hasMessageContaining("--skip-bad-files");
    assertThat(Files.exists(directory.resolve("lake/packets"))).isFalse();

    IngestResult result = ingest(lake, inputs, true);
    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.skipped()).containsOnlyKeys("file:" + text);
  }

  @Test
  void failedRunLeavesNothingVisible() throws Exception {
    List<PacketRecord> records = readAll(Paths.get(corpusPath("tls2.pcap")));
    Path good = directory.resolve("good.pcap");
    Path damaged = directory.resolve("damaged.pcap");
    write(good, records.subList(0, 2000));
    write(damaged, records.subList(2000, records.size()));
    // A record length far beyond the bound, in the middle of the second capture.
    byte[] bytes = Files.readAllBytes(damaged);
    java.nio.ByteBuffer.wrap(bytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(offsetOfRecord(bytes, 1500) + 8, 0x7000_0000);
    Files.write(damaged, bytes);
    Lake lake = new Lake(directory.resolve("lake").toString());
    ingest(lake, List.of(good.toString()), false);
    List<String> before = rowsAsText(table(lake));

    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("packetlake.reader.corrupt-regions", "fail");
    try {
      Throwable failure =
          catchThrowable(() -> ingest(lake, List.of(good.toString(), damaged.toString()), false));
      assertThat(failure)
          .hasStackTraceContaining(
              "Cannot read capture file:" + damaged + " at offset " + offsetOfRecord(bytes, 1500))
          .hasStackTraceContaining("exceeds the maximum record size");
      // The capture is named by the typed exception Spark hands over, cause and all.
      CaptureReadException read = CaptureReadException.in(failure).orElseThrow();
      assertThat(read.getCause()).isInstanceOf(CorruptCaptureException.class);
      assertThat(read.capture()).isEqualTo("file:" + damaged);
      assertThat(read.offset()).hasValue(offsetOfRecord(bytes, 1500));
      assertThat(read.kind()).isEqualTo(CaptureReadException.Kind.CORRUPT);
    } finally {
      conf.unset("packetlake.reader.corrupt-regions");
    }
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(before);

    // By default the damaged region is one flagged row and the rest of the capture is read.
    IngestResult result = ingest(lake, List.of(damaged.toString()), false);
    assertThat(result.frameStatusCounts()).containsEntry("CORRUPT_REGION", 1L);
    assertThat(result.rows()).isEqualTo(records.size() - 2000);
  }

  @Test
  void damagedGzipCaptureKeepsItsRecordsOrIsSkipped() throws Exception {
    List<PacketRecord> records = readAll(Paths.get(corpusPath("tls2.pcap")));
    Path good = directory.resolve("good.pcap");
    Path plain = directory.resolve("plain.pcap");
    write(good, records.subList(0, 500));
    write(plain, records.subList(500, 3000));
    // Gzip the second capture and cut the compressed stream in the middle.
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new java.util.zip.GZIPOutputStream(compressed)) {
      Files.copy(plain, out);
    }
    Path damaged = directory.resolve("damaged.pcap.gz");
    Files.write(damaged, java.util.Arrays.copyOf(compressed.toByteArray(), compressed.size() / 2));
    List<PacketRecord> kept = readAll(damaged);
    PacketRecord flag = kept.get(kept.size() - 1);
    assertThat(flag.status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(kept.size()).isBetween(100, 2499);

    // By default the records before the damage are written, and the damage is one flagged row.
    Lake lake = new Lake(directory.resolve("lake").toString());
    IngestResult read = ingest(lake, List.of(damaged.toString()), false);
    assertThat(read.frameStatusCounts()).containsEntry("CORRUPT_REGION", 1L);
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(expectedPacketRowTexts(damaged));

    // Failing on corrupt regions: the typed error names the file and the uncompressed offset.
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    Lake other = new Lake(directory.resolve("other").toString());
    List<String> inputs = List.of(good.toString(), damaged.toString());
    conf.set("packetlake.reader.corrupt-regions", "fail");
    try {
      assertThatThrownBy(() -> ingest(other, inputs, false))
          .hasStackTraceContaining(
              "Cannot read capture file:"
                  + damaged
                  + " at offset "
                  + flag.offset()
                  + ": the compressed stream is damaged; decompression failed after "
                  + flag.offset()
                  + " uncompressed bytes");

      // ... and with --skip-bad-files that capture is dropped and the others are written.
      RunLedger ledger = new RunLedger(conf, other, "test", Instant.now());
      IngestResult result =
          IngestJob.run(
              spark,
              new IngestConfig(inputs, other, true, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true),
              ledger);
      assertThat(result.captures()).extracting(CaptureFile::path).containsExactly("file:" + good);
      assertThat(result.skipped()).containsOnlyKeys("file:" + damaged);
      assertThat(result.skipped().get("file:" + damaged))
          .startsWith("Cannot read capture file:" + damaged + " at offset " + flag.offset());
      com.fasterxml.jackson.databind.JsonNode entry =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(ledger.json());
      assertThat(entry.get("inputs")).hasSize(1);
      assertThat(entry.get("skipped_inputs").get(0).get("path").asText())
          .isEqualTo("file:" + damaged);
      assertThat(rowsAsText(table(other))).containsExactlyElementsOf(expectedPacketRowTexts(good));
    } finally {
      conf.unset("packetlake.reader.corrupt-regions");
    }
  }

  @Test
  void captureWithInconsistentSplitsIsReadUnsplit() throws Exception {
    List<PacketRecord> records = readAll(Paths.get(corpusPath("tls2.pcap")));
    Path damaged = directory.resolve("lengths.pcap");
    write(damaged, records.subList(0, 3000));
    // Record lengths that are wrong but plausible: a sequential read follows them off the true
    // record chain, while splits starting nearby prove the true boundaries.
    byte[] bytes = Files.readAllBytes(damaged);
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<Integer> offsets = new ArrayList<>();
    for (int index = 50; index < 3000; index += 100) {
      offsets.add(offsetOfRecord(bytes, index));
    }
    for (int offset : offsets) {
      buffer.putInt(offset + 8, buffer.getInt(offset + 8) + 40);
      buffer.putInt(offset + 12, buffer.getInt(offset + 12) + 40);
    }
    Files.write(damaged, bytes);
    Lake lake = new Lake(directory.resolve("lake").toString());

    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32768);
    RunLedger ledger = new RunLedger(conf, lake, "test", Instant.now());
    IngestResult result;
    try {
      result =
          IngestJob.run(
              spark,
              new IngestConfig(
                  List.of(damaged.toString()),
                  lake,
                  false,
                  FramingOptions.DEFAULT_MAX_RECORD_BYTES,
                  true),
              ledger);
    } finally {
      conf.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
    assertThat(ledger.json()).contains("\"unsplit_inputs\" : [ {", "file:" + damaged);
    assertThat(result.frameStatusCounts()).containsKey("CORRUPT_REGION");
    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(expectedPacketRowTexts(damaged));
  }

  /**
   * Ingest writes without sorting first (one open writer per partition of a task); a task that
   * meets more partitions than {@link IngestJob#CONCURRENT_WRITERS}, in any order, still writes
   * every row once into its own partition.
   */
  @Test
  void writeHasNoSortAndTakesPartitionsInAnyOrder() throws Exception {
    List<PacketRecord> records = readAll(Paths.get(corpusPath("tls2.pcap"))).subList(0, 1200);
    int days = IngestJob.CONCURRENT_WRITERS + 4;
    List<PacketRecord> shuffled = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      PacketRecord record = records.get(i);
      // Days in the order 0, 5, 10, 3, 8, ...: every record in another partition than the last.
      long day = (i * 5L) % days;
      shuffled.add(
          new PacketRecord(
              record.source(),
              record.offset(),
              record.status(),
              record.timestampNanos() + day * 86_400_000_000_000L,
              record.originalLength(),
              record.linkType(),
              record.data()));
    }
    Path capture = directory.resolve("days.pcap");
    write(capture, shuffled);
    Lake lake = new Lake(directory.resolve("lake").toString());

    List<SparkPlan> plans = new ArrayList<>();
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String name, QueryExecution execution, long durationNanos) {
            plans.add(execution.executedPlan());
          }

          @Override
          public void onFailure(String name, QueryExecution execution, Exception exception) {}
        };
    spark.listenerManager().register(listener);
    try {
      ingest(lake, List.of(capture.toString()), false);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    List<SparkPlan> nodes = new ArrayList<>();
    plans.forEach(plan -> collect(plan, nodes));
    assertThat(nodes).anyMatch(WriteFilesExec.class::isInstance);
    assertThat(nodes).noneMatch(SortExec.class::isInstance);
    // The session's setting is as it was (not set) after the write.
    assertThat(spark.conf().contains(IngestJob.CONCURRENT_WRITERS_KEY)).isFalse();

    assertThat(rowsAsText(table(lake))).containsExactlyElementsOf(expectedPacketRowTexts(capture));
    assertThat(table(lake).select("packet_date").distinct().count()).isEqualTo(days);
  }

  /** The plan and every plan inside it, through adaptive and command wrappers. */
  private static void collect(SparkPlan plan, List<SparkPlan> nodes) {
    nodes.add(plan);
    List<Object> inner = new ArrayList<>(CollectionConverters.asJava(plan.children()));
    inner.addAll(CollectionConverters.asJava(plan.innerChildren()));
    for (Object child : inner) {
      if (child instanceof SparkPlan childPlan) {
        collect(childPlan, nodes);
      }
    }
  }

  private static int offsetOfRecord(byte[] pcap, int index) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 24;
    for (int i = 0; i < index; i++) {
      offset += 16 + buffer.getInt(offset + 8);
    }
    return offset;
  }

  private static IngestResult ingest(Lake lake, List<String> inputs, boolean skipBadFiles)
      throws IOException {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    ledger.started();
    IngestResult result =
        IngestJob.run(
            spark,
            new IngestConfig(
                inputs, lake, skipBadFiles, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true),
            ledger);
    ledger.finished(Instant.now(), "SUCCEEDED", null);
    return result;
  }

  private static Dataset<Row> table(Lake lake) {
    return spark.read().parquet(lake.table(PacketTable.NAME));
  }

  private static List<String> rowsAsText(Dataset<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.orderBy(col("capture_file"), col("record_offset")).collectAsList()) {
      lines.add(packetRowText(row));
    }
    return lines;
  }

  static String corpusPath(String name) {
    return Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize().toString();
  }
}
