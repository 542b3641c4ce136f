package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * One JSON entry per run in {@code <lake>/_runs/<run id>.json}: written as RUNNING when the run
 * starts and replaced by the outcome when it ends, so a killed run stays visible as RUNNING.
 * Entries are replaced by an atomic rename, never edited in place.
 */
public final class RunLedger {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Configuration conf;
  private final Lake lake;
  private final String runId;
  private final ObjectNode entry;

  public RunLedger(Configuration conf, Lake lake, String command, Instant startedAt) {
    this.conf = requireNonNull(conf, "conf is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.runId =
        RUN_ID_TIME.format(startedAt)
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    this.entry = MAPPER.createObjectNode();
    entry.put("run_id", runId);
    entry.put("command", requireNonNull(command, "command is null"));
    entry.put("status", "RUNNING");
    entry.put("started_at", startedAt.toString());
    entry.putArray("inputs");
    entry.putArray("skipped_inputs");
    entry.putArray("unsplit_inputs");
    entry.putObject("rows_written");
    entry.putObject("frame_status_counts");
    entry.putObject("decode_status_counts");
    entry.putObject("stage_seconds");
  }

  public String runId() {
    return runId;
  }

  /** Where the entry is written. */
  public String entryPath() {
    return lake.runs() + "/" + runId + ".json";
  }

  public void addInput(CaptureFile capture) {
    ObjectNode input = ((ArrayNode) entry.get("inputs")).addObject();
    input.put("path", capture.path());
    input.put("size", capture.size());
    input.put("modification_time", Instant.ofEpochMilli(capture.modificationTime()).toString());
    input.put("capture_id", capture.captureId());
  }

  public void addSkippedInput(String path, String reason) {
    ObjectNode skipped = ((ArrayNode) entry.get("skipped_inputs")).addObject();
    skipped.put("path", path);
    skipped.put("reason", reason);
  }

  /** An input read in one piece because its split boundaries were inconsistent. */
  public void addUnsplitInput(String path, String reason) {
    ObjectNode unsplit = ((ArrayNode) entry.get("unsplit_inputs")).addObject();
    unsplit.put("path", path);
    unsplit.put("reason", reason);
  }

  public void rowsWritten(String table, long rows) {
    ((ObjectNode) entry.get("rows_written")).put(table, rows);
  }

  public void frameStatusCounts(Map<String, Long> counts) {
    ObjectNode node = (ObjectNode) entry.get("frame_status_counts");
    counts.forEach(node::put);
  }

  public void decodeStatusCounts(Map<String, Long> counts) {
    ObjectNode node = (ObjectNode) entry.get("decode_status_counts");
    counts.forEach(node::put);
  }

  public void stageSeconds(String stage, double seconds) {
    ((ObjectNode) entry.get("stage_seconds")).put(stage, Math.round(seconds * 1000) / 1000.0);
  }

  public void started() throws IOException {
    write();
  }

  public void finished(Instant finishedAt, String status, String error) throws IOException {
    entry.put("status", status);
    entry.put("finished_at", finishedAt.toString());
    entry.put(
        "duration_seconds",
        (finishedAt.toEpochMilli() - Instant.parse(entry.get("started_at").asText()).toEpochMilli())
            / 1000.0);
    if (error != null) {
      entry.put("error", error);
    }
    write();
  }

  /** The entry as JSON text. */
  public String json() throws IOException {
    return MAPPER.writeValueAsString(entry);
  }

  private void write() throws IOException {
    Path directory = new Path(lake.runs());
    FileSystem fileSystem = directory.getFileSystem(conf);
    fileSystem.mkdirs(directory);
    Path target = new Path(directory, runId + ".json");
    Path temporary = new Path(directory, "." + runId + ".json.tmp");
    try (OutputStream out = fileSystem.create(temporary, true)) {
      out.write(MAPPER.writeValueAsBytes(entry));
    }
    // One atomic rename that replaces the previous version of the entry.
    FileContext.getFileContext(fileSystem.getUri(), conf)
        .rename(temporary, target, Options.Rename.OVERWRITE);
  }
}
