package io.packetlake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeChecksums;
import io.packetlake.jobs.lake.SchemaVersion;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that write check the lake's schema version before anything else, and every ledger entry
 * records the schema version, the command line and the settings that shaped the output. Runs over
 * real captures, in the test's session (which the commands leave running).
 */
final class TestVersionedRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIMESTAMP_TYPE = "spark.sql.parquet.outputTimestampType";

  private static SparkSession spark;
  @TempDir static Path shared;
  private static String capture;
  private static Lake built;
  private static List<String> buildArguments;

  @TempDir Path directory;

  @BeforeAll
  static void buildLakeWithRun() {
    spark = TestSessions.create("TestVersionedRuns");
    capture = Paths.get(TestSessions.corpus(), "four_ipv6_http_streams.pcap").toString();
    built = new Lake(shared.resolve("lake").toString());
    buildArguments = List.of("run", "--lake", built.root(), "--input", capture);
    Result result = execute(buildArguments.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void newLakeStatesTheVersionAndTheEntryRecordsWhatShapedTheOutput() throws IOException {
    assertThat(
            JSON.readTree(Paths.get(built.versionMarker()).toFile()).get("schema_version").asInt())
        .isEqualTo(SchemaVersion.CURRENT);
    JsonNode entry = onlyEntry(built);
    assertThat(entry.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(entry.get("schema_version").asInt()).isEqualTo(SchemaVersion.CURRENT);
    assertThat(texts(entry.get("command_line"))).isEqualTo(buildArguments);

    JsonNode settings = entry.get("settings");
    List<String> groups = new ArrayList<>(Pipeline.stageNames());
    groups.add("session");
    assertThat(names(settings)).containsExactlyInAnyOrderElementsOf(groups);
    JsonNode session = settings.get("session");
    for (String key : SparkSessions.OUTPUT_SETTINGS) {
      assertThat(session.get(key).asText()).as(key).isEqualTo(expectedSetting(key));
    }
    assertThat(session.get("spark.sql.parquet.compression.codec").asText()).isEqualTo("zstd");
    assertThat(session.get("spark.sql.session.timeZone").asText()).isEqualTo("UTC");

    JsonNode ingest = settings.get("ingest");
    assertThat(ingest.get("max_record_bytes").asInt())
        .isEqualTo(FramingOptions.DEFAULT_MAX_RECORD_BYTES);
    assertThat(ingest.get("corrupt_regions").asText()).isEqualTo("skip");
    assertThat(ingest.get("split").asBoolean()).isTrue();
    assertThat(ingest.get("skip_bad_files").asBoolean()).isFalse();
    assertThat(ingest.get("parquet_options").get("compression").asText()).isEqualTo("zstd");

    JsonNode connections = settings.get("connections");
    assertThat(connections.get("flow_timeouts_seconds").get("tcp_idle").asDouble())
        .isEqualTo(300.0);
    assertThat(connections.get("flow_timeouts_seconds").get("reordering").asDouble())
        .isEqualTo(0.003);
    assertThat(connections.get("recompute_horizon_days").asInt()).isEqualTo(1);
    // run recomputes the dates ingest wrote, the same for every stage after it.
    assertThat(connections.get("all_dates").asBoolean()).isFalse();
    assertThat(connections.get("dates")).isNotEmpty();
    assertThat(settings.get("activity").get("dates")).isEqualTo(connections.get("dates"));
    assertThat(settings.get("vectors").get("number_of_features").asInt())
        .isEqualTo(VectorConfig.DEFAULT_NUMBER_OF_FEATURES);
  }

  @Test
  void stageCommandsRecordTheirOwnOptionsAndTheSessionAsItIs() throws IOException {
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<String> ingestArguments =
        List.of("ingest", "--lake", lake.root(), "--input", capture, "--max-record-bytes", "65536");
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set(PcapInputConfig.CORRUPT_REGIONS, "fail");
    try {
      SparkSessions.withSetting(
          spark,
          TIMESTAMP_TYPE,
          "INT96",
          () -> {
            Result result = execute(ingestArguments.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.err()).isZero();
          });
    } finally {
      hadoop.unset(PcapInputConfig.CORRUPT_REGIONS);
    }
    JsonNode ingested = onlyEntry(lake);
    assertThat(texts(ingested.get("command_line"))).isEqualTo(ingestArguments);
    assertThat(names(ingested.get("settings"))).containsExactlyInAnyOrder("ingest", "session");
    assertThat(ingested.get("settings").get("ingest").get("max_record_bytes").asInt())
        .isEqualTo(65536);
    assertThat(ingested.get("settings").get("ingest").get("corrupt_regions").asText())
        .isEqualTo("fail");
    // The session's own setting is what the writes use, and what the ledger records.
    assertThat(ingested.get("settings").get("session").get(TIMESTAMP_TYPE).asText())
        .isEqualTo("INT96");

    Result connections =
        execute(
            "connections",
            "--lake",
            lake.root(),
            "--date",
            "2021-01-05",
            "--tcp-idle-timeout",
            "36h",
            "--linger",
            "1500ms");
    assertThat(connections.exitCode()).as(connections.err()).isZero();
    JsonNode connectionSettings = lastEntry(lake).get("settings");
    assertThat(names(connectionSettings)).containsExactlyInAnyOrder("connections", "session");
    JsonNode timeouts = connectionSettings.get("connections").get("flow_timeouts_seconds");
    assertThat(timeouts.get("tcp_idle").asDouble()).isEqualTo(36 * 3600.0);
    assertThat(timeouts.get("linger").asDouble()).isEqualTo(1.5);
    assertThat(timeouts.get("udp_idle").asDouble()).isEqualTo(60.0);
    // 36 h of idle time and the linger reach into the second day before a changed date.
    assertThat(connectionSettings.get("connections").get("recompute_horizon_days").asInt())
        .isEqualTo(2);
    assertThat(texts(connectionSettings.get("connections").get("dates")))
        .containsExactly("2021-01-05");
    assertThat(connectionSettings.get("session").get(TIMESTAMP_TYPE).asText())
        .isEqualTo(SparkSessions.DEFAULT_TIMESTAMP_TYPE);

    Result vectors = execute("vectors", "--lake", lake.root(), "--features", "1024");
    assertThat(vectors.exitCode()).as(vectors.err()).isZero();
    JsonNode vectorSettings = lastEntry(lake).get("settings").get("vectors");
    assertThat(vectorSettings.get("number_of_features").asInt()).isEqualTo(1024);
    assertThat(vectorSettings.get("all_dates").asBoolean()).isTrue();
    assertThat(vectorSettings.get("dates")).isEmpty();
  }

  @Test
  void lakeOfANewerVersionStopsEveryWritingCommandBeforeItWritesAnything() throws IOException {
    Lake lake = copyOf(built);
    writeMarker(lake, "{\"schema_version\": " + (SchemaVersion.CURRENT + 1) + "}");
    SortedMap<String, String> before = everyFile(lake);

    for (List<String> command : writingCommands(lake)) {
      Result result = execute(command.toArray(String[]::new));

      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.err().lines()).as(command.toString()).hasSize(1);
      assertThat(result.err().strip())
          .isEqualTo(
              "packetlake: Cannot write to lake %s: it holds schema version %d, newer than version"
                  + " %d that this build writes; use a packetlake release that writes version %d",
              lake.root(),
              SchemaVersion.CURRENT + 1,
              SchemaVersion.CURRENT,
              SchemaVersion.CURRENT + 1);
      assertThat(everyFile(lake)).as(command.toString()).isEqualTo(before);
    }
  }

  @Test
  void lakeWrittenBeforeVersionsStopsAndIsRebuiltFromTheCapturesAsTheMessageSays()
      throws IOException {
    // What a lake written before versions existed looks like: tables and a ledger, no marker.
    Lake lake = copyOf(built);
    assertThat(
            FileSystem.getLocal(spark.sparkContext().hadoopConfiguration())
                .delete(new org.apache.hadoop.fs.Path(lake.versionMarker()), false))
        .isTrue();
    SortedMap<String, String> before = everyFile(lake);

    for (List<String> command : writingCommands(lake)) {
      Result result = execute(command.toArray(String[]::new));

      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.err().lines()).as(command.toString()).hasSize(1);
      assertThat(result.err().strip())
          .isEqualTo(
              "packetlake: Cannot write to lake %1$s: it holds tables but no schema version"
                  + " (written before versions existed: version 1) and this build writes version"
                  + " %2$d; rebuild it from the captures: move %1$s aside (e.g. to %1$s.v1), then"
                  + " run packetlake run --lake %1$s --input <captures>",
              lake.root(), SchemaVersion.CURRENT);
      assertThat(everyFile(lake)).as(command.toString()).isEqualTo(before);
    }

    Files.move(Paths.get(lake.root()), Paths.get(lake.root() + ".v1"));
    Result rebuilt = execute("run", "--lake", lake.root(), "--input", capture);
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false))
        .isEqualTo(LakeChecksums.of(spark, built, Pipeline.tables(), false));
  }

  @Test
  void markerThatStatesNoVersionOrCannotBeReadStopsTheRun() throws IOException {
    Lake lake = copyOf(built);
    writeMarker(lake, "{\"schema\": \"two\"}");

    Result result = execute("ingest", "--lake", lake.root(), "--input", capture);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .isEqualTo(
            "packetlake: Cannot write to lake %s: its version marker %s states no schema_version"
                + " (a positive integer)",
            lake.root(), lake.versionMarker());

    // Changed behind Hadoop's back: its checksum no longer matches.
    Files.writeString(Paths.get(lake.versionMarker()), "{\"schema_version\": 2} ");
    Result damaged = execute("ingest", "--lake", lake.root(), "--input", capture);

    assertThat(damaged.exitCode()).isEqualTo(1);
    assertThat(damaged.err().lines()).hasSize(1);
    assertThat(damaged.err())
        .startsWith(
            "packetlake: Cannot write to lake "
                + lake.root()
                + ": its version marker "
                + lake.versionMarker()
                + " cannot be read: Checksum error");
  }

  /** Replaces the lake's marker through Hadoop's local file system, which keeps its checksum. */
  private static void writeMarker(Lake lake, String json) throws IOException {
    try (OutputStream out =
        FileSystem.getLocal(spark.sparkContext().hadoopConfiguration())
            .create(new org.apache.hadoop.fs.Path(lake.versionMarker()), true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Every command that writes to a lake, over {@code lake}. */
  private static List<List<String>> writingCommands(Lake lake) {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("run", "--lake", lake.root(), "--input", capture));
    commands.add(List.of("ingest", "--lake", lake.root(), "--input", capture));
    for (String stage : Pipeline.stageNames()) {
      if (!stage.equals("ingest")) {
        commands.add(List.of(stage, "--lake", lake.root()));
      }
    }
    return commands;
  }

  /** Every file under the lake, hidden ones included, with its size and modification time. */
  private static SortedMap<String, String> everyFile(Lake lake) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    Path root = Paths.get(lake.root());
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.toList()) {
        files.put(
            root.relativize(file).toString(),
            Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
      }
    }
    return files;
  }

  private static Lake copyOf(Lake lake) throws IOException {
    Path copy = Files.createTempDirectory(shared, "lake-").resolve("lake");
    FileUtils.copyDirectory(Paths.get(lake.root()).toFile(), copy.toFile());
    return new Lake(copy.toString());
  }

  private record Result(int exitCode, String err) {}

  private static Result execute(String... command) {
    StringWriter err = new StringWriter();
    int exitCode =
        PacketlakeCommand.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(command);
    return new Result(exitCode, err.toString());
  }

  private static JsonNode onlyEntry(Lake lake) throws IOException {
    List<JsonNode> entries = entries(lake);
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  private static JsonNode lastEntry(Lake lake) throws IOException {
    List<JsonNode> entries = entries(lake);
    return entries.get(entries.size() - 1);
  }

  /** The ledger's entries, oldest first. */
  private static List<JsonNode> entries(Lake lake) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(lake.runs()))) {
      for (Path file :
          files.filter(path -> path.getFileName().toString().matches("[^.].*\\.json")).toList()) {
        entries.add(JSON.readTree(file.toFile()));
      }
    }
    entries.sort(Comparator.comparing(entry -> entry.get("started_at").asText()));
    return entries;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** What a ledger entry records of the session for {@code key}: what the lake's writes use. */
  private static String expectedSetting(String key) {
    return key.equals(TIMESTAMP_TYPE) ? SparkSessions.timestampType(spark) : spark.conf().get(key);
  }
}
