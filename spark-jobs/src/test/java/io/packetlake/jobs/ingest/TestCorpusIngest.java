package io.packetlake.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.cli.PacketlakeCommand;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.app.CapturePass;
import io.packetlake.pcap.app.FlowPass;
import io.packetlake.pcap.app.ObservedDnsMessage;
import io.packetlake.pcap.decode.PacketTsv;
import io.packetlake.pcap.framing.FramingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every capture of the shared corpus (many deliberately malformed or cut short) through both paths:
 * {@code packetlake decode} (framing and decoding, no Spark) and one Spark ingest run of all of
 * them with bad files skipped. Neither crashes; the table holds exactly the rows the decode path
 * prints for each file, every row has a frame and a decode status, the files neither can read are
 * the same and are recorded in the ledger, and the complete frames are as many as tshark counts.
 */
final class TestCorpusIngest {
  private static final int FRAME_STATUS = PacketTsv.COLUMNS.indexOf("frame_status");
  private static final int DECODE_STATUS = PacketTsv.COLUMNS.indexOf("decode_status");

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestCorpusIngest");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void everyCaptureIsDecodedAndIngestedWithMalformedPacketsCounted() throws Exception {
    Path corpus = Paths.get(TestSessions.corpus()).toAbsolutePath().normalize();
    List<Path> captures;
    try (Stream<Path> files = Files.list(corpus)) {
      captures =
          files
              .filter(path -> path.getFileName().toString().matches(".*\\.(pcap|pcapng)(\\.gz)?$"))
              .sorted()
              .toList();
    }
    assertThat(captures).hasSizeGreaterThan(100);

    Map<String, FileCounts> decoded = new TreeMap<>();
    Map<String, String> decodeFailures = new TreeMap<>();
    for (Path capture : captures) {
      String name = capture.getFileName().toString();
      FileCounts counts = new FileCounts();
      StringWriter errors = new StringWriter();
      int exitCode = decode(capture, counts, errors);
      if (exitCode == 0) {
        decoded.put(name, counts);
      } else {
        assertThat(counts.rows).as("rows printed for %s before it failed", name).isZero();
        assertThat(errors.toString()).startsWith("Cannot read capture " + capture + " at offset ");
        decodeFailures.put(name, errors.toString().strip());
      }
    }

    Lake lake = new Lake(directory.resolve("lake").toString());
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    IngestResult result =
        IngestJob.run(
            spark,
            new IngestConfig(
                captures.stream().map(Path::toString).toList(),
                lake,
                true,
                FramingOptions.DEFAULT_MAX_RECORD_BYTES,
                true),
            ledger);

    Map<String, String> rejected = new TreeMap<>();
    Map<String, String> duplicates = new TreeMap<>();
    for (JsonNode skipped : new ObjectMapper().readTree(ledger.json()).get("skipped_inputs")) {
      String name =
          Paths.get(skipped.get("path").asText().replaceFirst("^file:", ""))
              .getFileName()
              .toString();
      String reason = skipped.get("reason").asText();
      if (reason.startsWith("the same capture as ")) {
        duplicates.put(
            name,
            Paths.get(reason.substring(20).replaceFirst("^file:", "")).getFileName().toString());
      } else {
        rejected.put(name, reason);
      }
    }
    assertThat(rejected.keySet())
        .as("files the ingest skipped as unreadable")
        .containsExactlyElementsOf(decodeFailures.keySet());

    Map<String, FileCounts> ingested = new TreeMap<>();
    List<Row> groups =
        spark
            .read()
            .parquet(lake.table(PacketTable.NAME))
            .groupBy(col("capture_file"), col("frame_status"), col("decode_status"))
            .count()
            .collectAsList();
    for (Row group : groups) {
      String name =
          Paths.get(group.getString(0).replaceFirst("^file:", "")).getFileName().toString();
      assertThat(group.isNullAt(1) || group.isNullAt(2)).as("statuses of %s", name).isFalse();
      ingested
          .computeIfAbsent(name, ignored -> new FileCounts())
          .add(group.getString(1), group.getString(2), group.getLong(3));
    }

    System.out.println(summary(captures.size(), decoded, rejected, duplicates));
    Map<String, Long> inventory = inventoryPackets(corpus);
    for (Map.Entry<String, FileCounts> file : decoded.entrySet()) {
      String name = file.getKey();
      FileCounts expected = file.getValue();
      // A capture without packets has no rows.
      FileCounts actual =
          ingested.getOrDefault(duplicates.getOrDefault(name, name), new FileCounts());
      assertThat(actual.rows).as("rows of %s", name).isEqualTo(expected.rows);
      assertThat(actual.frameStatus)
          .as("frame statuses of %s", name)
          .isEqualTo(expected.frameStatus);
      assertThat(actual.decodedStatus)
          .as("decode statuses of the complete or cut frames of %s", name)
          .isEqualTo(expected.decodedStatus);
      Long tshark = inventory.get(name);
      if (tshark != null) {
        assertThat(expected.frameStatus.getOrDefault("OK", 0L))
            .as("complete frames of %s, as tshark counts them", name)
            .isEqualTo(tshark);
      }
    }
    assertThat(ingested.keySet()).allMatch(decoded::containsKey);
    assertThat(result.rows())
        .isEqualTo(
            decoded.entrySet().stream()
                .filter(file -> !duplicates.containsKey(file.getKey()))
                .mapToLong(file -> file.getValue().rows)
                .sum());

    // The application-layer pass in Spark finds, capture by capture, the DNS messages the pass
    // finds without Spark, each on its packet and with its status.
    Map<String, List<String>> dnsRows = new TreeMap<>();
    for (Row row :
        DnsTable.CATALOG
            .read(spark, lake.table(DnsTable.NAME))
            .select(col("capture_file"), col("record_offset"), col(DnsTable.PARSE_STATUS))
            .collectAsList()) {
      String name = Paths.get(row.getString(0).replaceFirst("^file:", "")).getFileName().toString();
      dnsRows
          .computeIfAbsent(name, ignored -> new ArrayList<>())
          .add(row.getLong(1) + " " + row.getString(2));
    }
    Map<String, List<String>> passMessages = new TreeMap<>();
    for (Path capture : captures) {
      String name = capture.getFileName().toString();
      if (rejected.containsKey(name) || duplicates.containsKey(name)) {
        continue;
      }
      for (ObservedDnsMessage message :
          CapturePass.messages(CapturePass.segments(capture), FlowPass.DEFAULT_MAX_STREAM_BYTES)) {
        passMessages
            .computeIfAbsent(name, ignored -> new ArrayList<>())
            .add(message.packet().recordOffset() + " " + message.message().status());
      }
    }
    assertThat(dnsRows.keySet()).containsExactlyElementsOf(passMessages.keySet());
    passMessages.forEach(
        (name, messages) ->
            assertThat(dnsRows.get(name))
                .as("dns rows of %s", name)
                .containsExactlyInAnyOrderElementsOf(messages));
    assertThat(result.application().dnsRows())
        .isEqualTo(passMessages.values().stream().mapToLong(List::size).sum());
  }

  private static int decode(Path capture, FileCounts counts, StringWriter errors) {
    CommandLine commandLine = PacketlakeCommand.commandLine();
    commandLine.setOut(new PrintWriter(new RowCounter(counts), true));
    commandLine.setErr(new PrintWriter(errors, true));
    return commandLine.execute("decode", "--no-header", capture.toString());
  }

  /** The INVENTORY's packet counts (tshark's), for the files that have a plain number. */
  private static Map<String, Long> inventoryPackets(Path corpus) throws IOException {
    List<String> lines =
        Files.readAllLines(corpus.resolve("INVENTORY.tsv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int packets = header.indexOf("packets");
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split("\t", -1);
      if (fields.length > packets && fields[packets].matches("\\d+")) {
        counts.put(fields[file], Long.parseLong(fields[packets]));
      }
    }
    return counts;
  }

  private static String summary(
      int files,
      Map<String, FileCounts> decoded,
      Map<String, String> rejected,
      Map<String, String> duplicates) {
    FileCounts total = new FileCounts();
    decoded.values().forEach(total::addAll);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "corpus: %s files, %s decoded, %s rejected, %s duplicates%n",
            files, decoded.size(), rejected.size(), duplicates.size()));
    out.append(String.format("rows: %s%n", total.rows));
    out.append(String.format("frame status: %s%n", total.frameStatus));
    out.append(
        String.format(
            "decode status (ingest; frames not framed completely are FRAME_NOT_DECODED): %s%n",
            total.ingestDecodeStatus));
    rejected.forEach(
        (name, reason) -> out.append(String.format("rejected %s: %s%n", name, reason)));
    duplicates.forEach(
        (name, first) ->
            out.append(String.format("duplicate %s: same capture as %s%n", name, first)));
    return out.toString();
  }

  /** Rows, and rows per status, of one file (or of many, added up). */
  private static final class FileCounts {
    long rows;
    final Map<String, Long> frameStatus = new TreeMap<>();

    /** Decode statuses of the frames that were decoded (complete or cut, not corrupt regions). */
    final Map<String, Long> decodedStatus = new TreeMap<>();

    /** Decode statuses as the packets table has them. */
    final Map<String, Long> ingestDecodeStatus = new TreeMap<>();

    void add(String frame, String decode, long count) {
      rows += count;
      frameStatus.merge(frame, count, Long::sum);
      ingestDecodeStatus.merge(decode, count, Long::sum);
      if (!frame.equals("CORRUPT_REGION")) {
        decodedStatus.merge(decode, count, Long::sum);
      }
    }

    void addAll(FileCounts other) {
      rows += other.rows;
      other.frameStatus.forEach((key, value) -> frameStatus.merge(key, value, Long::sum));
      other.decodedStatus.forEach((key, value) -> decodedStatus.merge(key, value, Long::sum));
      other.ingestDecodeStatus.forEach(
          (key, value) -> ingestDecodeStatus.merge(key, value, Long::sum));
    }
  }

  /** Counts the TSV rows the decode command prints, by status, without keeping them. */
  private static final class RowCounter extends Writer {
    private final FileCounts counts;
    private final StringBuilder line = new StringBuilder();

    RowCounter(FileCounts counts) {
      this.counts = counts;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (buffer[i] == '\n') {
          String[] values = line.toString().split("\t", -1);
          if (values.length != PacketTsv.COLUMNS.size()) {
            throw new UncheckedIOException(new IOException("Cannot parse decode row: " + line));
          }
          String frame = values[FRAME_STATUS];
          // The ingest does not decode corrupt regions; the decode command prints what the
          // decoder makes of no bytes.
          String decode =
              frame.equals("CORRUPT_REGION")
                  ? PacketTable.FRAME_NOT_DECODED
                  : values[DECODE_STATUS];
          counts.add(frame, decode, 1);
          line.setLength(0);
        } else {
          line.append(buffer[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
