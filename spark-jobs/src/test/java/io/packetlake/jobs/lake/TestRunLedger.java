package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestRunLedger {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void laterRunMarksRunsWhoseProcessIsGoneAbandoned() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    Configuration conf = new Configuration();
    long ended = endedProcessId();
    String killed = runningEntry(conf, lake, entry -> entry.put("pid", ended));
    String reused =
        runningEntry(conf, lake, entry -> entry.put("process_started_at", "2000-01-01T00:00:00Z"));
    String alive = runningEntry(conf, lake, entry -> {});
    String elsewhere =
        runningEntry(
            conf,
            lake,
            entry -> {
              entry.put("host", "another-host.example");
              entry.put("pid", ended);
            });
    RunLedger finished = new RunLedger(conf, lake, "test", Instant.now());
    finished.started();
    finished.finished(Instant.now(), "FAILED", "Cannot ingest: broken");

    RunLedger later = new RunLedger(conf, lake, "test", Instant.now());
    later.started();

    assertThat(status(lake, killed)).isEqualTo("ABANDONED");
    assertThat(status(lake, reused)).isEqualTo("ABANDONED");
    assertThat(status(lake, alive)).isEqualTo("RUNNING");
    assertThat(status(lake, elsewhere)).isEqualTo("RUNNING");
    assertThat(status(lake, finished.runId())).isEqualTo("FAILED");
    assertThat(status(lake, later.runId())).isEqualTo("RUNNING");
    ObjectNode abandoned = entry(lake, killed);
    // Found by whichever later run started first (here the next entry written).
    assertThat(abandoned.get("error").asText())
        .startsWith(
            String.format(
                "process %s on %s ended without recording an outcome (killed or lost); found by"
                    + " run ",
                abandoned.get("pid").asText(), abandoned.get("host").asText()));
    assertThat(abandoned.get("abandoned_at").asText()).isNotEmpty();

    // Nothing left to mark; entries that are not ledger entries are passed over.
    Files.writeString(Paths.get(lake.runs(), "notes.json"), "[1, 2");
    assertThat(new RunLedger(conf, lake, "test", Instant.now()).markAbandonedRuns()).isEmpty();
  }

  @Test
  void stagingOfKilledRunsIsRemovedOnlyWhenNoRunIsRunning() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    Configuration conf = new Configuration();
    String elsewhere = runningEntry(conf, lake, entry -> entry.put("host", "another-host.example"));
    long ended = endedProcessId();
    String killed = runningEntry(conf, lake, entry -> entry.put("pid", ended));
    Path staging = Paths.get(lake.table("packets"), ".spark-staging-7f3a", "date=2024-01-01");
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("part-00000.parquet"), "left by a killed write");
    Path data = Files.writeString(Paths.get(lake.table("packets"), "part-00001.parquet"), "kept");
    Path otherTable =
        Files.createDirectories(Paths.get(lake.table("connections"), ".spark-staging-9"));

    // A run on another host may be writing: nothing is deleted.
    RunLedger whileElsewhereRuns = new RunLedger(conf, lake, "test", Instant.now());
    whileElsewhereRuns.started();
    assertThat(status(lake, killed)).isEqualTo("ABANDONED");
    assertThat(staging).exists();
    assertThat(otherTable).exists();
    whileElsewhereRuns.finished(Instant.now(), "SUCCEEDED", null);

    // Once that run has an outcome no entry is RUNNING: the staging directories go, data stays.
    rewrite(conf, lake, elsewhere, entry -> entry.put("status", "SUCCEEDED"));
    new RunLedger(conf, lake, "test", Instant.now()).started();
    assertThat(staging.getParent()).doesNotExist();
    assertThat(otherTable).doesNotExist();
    assertThat(data).hasContent("kept");
  }

  @Test
  void entryRecordsTheSchemaVersionTheCommandLineAndSettingsByGroup() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    RunLedger ledger = new RunLedger(new Configuration(), lake, "connections", Instant.now());
    ledger.commandLine(List.of("connections", "--lake", lake.root(), "--linger", "1500ms"));
    ledger.settings("connections", Map.of("recompute_horizon_days", 1, "dates", List.of("x")));
    ledger.settings("session", Map.of("spark.sql.parquet.outputTimestampType", "INT96"));
    ledger.settings("connections", Map.of("recompute_horizon_days", 2));
    ledger.started();

    ObjectNode entry = entry(lake, ledger.runId());
    assertThat(entry.get("schema_version").asInt()).isEqualTo(SchemaVersion.CURRENT);
    assertThat(entry.get("command_line").toString())
        .isEqualTo(
            JSON.writeValueAsString(
                List.of("connections", "--lake", lake.root(), "--linger", "1500ms")));
    // Typed JSON values, and a group recorded again replaces its earlier values.
    assertThat(entry.get("settings").get("connections").toString())
        .isEqualTo("{\"recompute_horizon_days\":2}");
    assertThat(
            entry
                .get("settings")
                .get("session")
                .get("spark.sql.parquet.outputTimestampType")
                .asText())
        .isEqualTo("INT96");
  }

  @Test
  void firstRunOfANewLakeStatesItsVersionAndOtherVersionsWriteNothing() throws Exception {
    Lake lake = new Lake(directory.resolve("lake").toString());
    Configuration conf = new Configuration();
    new RunLedger(conf, lake, "test", Instant.now()).started();
    assertThat(
            JSON.readTree(Paths.get(lake.versionMarker()).toFile()).get("schema_version").asInt())
        .isEqualTo(SchemaVersion.CURRENT);
    Files.createDirectories(Paths.get(lake.table("packets")));
    // A lake that states this version takes further runs, tables or not.
    new RunLedger(conf, lake, "test", Instant.now()).started();
    try (Stream<Path> entries = Files.list(Paths.get(lake.runs()))) {
      assertThat(entries.filter(path -> path.toString().endsWith(".json"))).hasSize(2);
    }

    try (OutputStream out =
        FileSystem.getLocal(conf)
            .create(new org.apache.hadoop.fs.Path(lake.versionMarker()), true)) {
      out.write(
          ("{\"schema_version\": " + (SchemaVersion.CURRENT + 1) + "}")
              .getBytes(StandardCharsets.UTF_8));
    }
    RunLedger newer = new RunLedger(conf, lake, "test", Instant.now());
    assertThatThrownBy(newer::started)
        .isInstanceOf(IncompatibleLakeException.class)
        .hasMessageContaining("it holds schema version " + (SchemaVersion.CURRENT + 1));
    assertThat(Paths.get(lake.runs(), newer.runId() + ".json")).doesNotExist();

    FileSystem.getLocal(conf).delete(new org.apache.hadoop.fs.Path(lake.versionMarker()), false);
    RunLedger unversioned = new RunLedger(conf, lake, "test", Instant.now());
    assertThatThrownBy(unversioned::started)
        .isInstanceOf(IncompatibleLakeException.class)
        .hasMessageContaining("it holds tables but no schema version");
    assertThat(Paths.get(lake.runs(), unversioned.runId() + ".json")).doesNotExist();
    assertThat(Paths.get(lake.versionMarker())).doesNotExist();
  }

  @Test
  void emptyLakeHasNothingToMark() {
    Lake lake = new Lake(directory.resolve("lake").toString());
    assertThat(new RunLedger(new Configuration(), lake, "test", Instant.now()).markAbandonedRuns())
        .isEqualTo(List.of());
  }

  private interface Edit {
    void apply(ObjectNode entry);
  }

  /** Writes a RUNNING entry of this process, edited, and returns its run id. */
  private static String runningEntry(Configuration conf, Lake lake, Edit edit) throws IOException {
    RunLedger ledger = new RunLedger(conf, lake, "test", Instant.now());
    ledger.started();
    rewrite(conf, lake, ledger.runId(), edit);
    return ledger.runId();
  }

  private static void rewrite(Configuration conf, Lake lake, String runId, Edit edit)
      throws IOException {
    ObjectNode entry = entry(lake, runId);
    edit.apply(entry);
    // Through Hadoop's local file system, which keeps the entry's checksum file in step.
    try (OutputStream out =
        FileSystem.getLocal(conf)
            .create(new org.apache.hadoop.fs.Path(lake.runs(), runId + ".json"), true)) {
      out.write(JSON.writeValueAsBytes(entry));
    }
  }

  private static long endedProcessId() throws Exception {
    Process process = new ProcessBuilder("true").start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.pid();
  }

  private static String status(Lake lake, String runId) throws IOException {
    return entry(lake, runId).get("status").asText();
  }

  private static ObjectNode entry(Lake lake, String runId) throws IOException {
    return (ObjectNode) JSON.readTree(Paths.get(lake.runs(), runId + ".json").toFile());
  }
}
