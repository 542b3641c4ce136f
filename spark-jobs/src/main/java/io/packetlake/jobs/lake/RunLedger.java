package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON entry per run in {@code <lake>/_runs/<run id>.json}: written as RUNNING when the run
 * starts and replaced by the outcome when it ends. Entries are replaced by an atomic rename, never
 * edited in place.
 *
 * <p>A run that is killed (SIGKILL, lost container, power cut) cannot write its outcome, so its
 * entry stays RUNNING. Every entry names the host and process of the driver; when a later run
 * starts on the same host and that process no longer exists, it marks the entry ABANDONED with the
 * reason. An entry written on another host stays RUNNING: a process elsewhere cannot be proven dead
 * from here.
 */
public final class RunLedger {
  private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // Entries are a few KiB; anything far larger is not one of ours and is not read.
  private static final long MAX_ENTRY_BYTES = 1 << 20;
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final String UNKNOWN_HOST = "unknown";
  private static final String HOST = hostName();
  private static final Optional<Instant> PROCESS_STARTED_AT =
      ProcessHandle.current().info().startInstant();

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
    entry.put("host", HOST);
    entry.put("pid", ProcessHandle.current().pid());
    PROCESS_STARTED_AT.ifPresent(instant -> entry.put("process_started_at", instant.toString()));
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

  /** Takes back an input added before, when it is skipped after all (its damage found late). */
  public void removeInput(String path) {
    ArrayNode inputs = (ArrayNode) entry.get("inputs");
    for (int index = inputs.size() - 1; index >= 0; index--) {
      if (inputs.get(index).get("path").asText().equals(path)) {
        inputs.remove(index);
      }
    }
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

  /**
   * Marks the entries of runs that died without an outcome as ABANDONED, then writes this run's
   * entry as RUNNING.
   */
  public void started() throws IOException {
    markAbandonedRuns();
    write();
  }

  /**
   * Marks as ABANDONED the RUNNING entries written on this host by a process that no longer exists
   * (or whose id now belongs to a later process), and returns their run ids. A failure to read or
   * rewrite an entry is logged, never fatal: the ledger reports, it does not decide the run.
   */
  public List<String> markAbandonedRuns() {
    List<String> abandoned = new ArrayList<>();
    Path directory = new Path(lake.runs());
    FileStatus[] files;
    try {
      FileSystem fileSystem = directory.getFileSystem(conf);
      if (!fileSystem.exists(directory)) {
        return abandoned;
      }
      files = fileSystem.listStatus(directory, path -> path.getName().endsWith(".json"));
    } catch (IOException e) {
      LOG.warn("Cannot list the run ledger {}: {}", directory, e.toString());
      return abandoned;
    }
    for (FileStatus file : files) {
      if (file.getLen() > MAX_ENTRY_BYTES || file.getPath().getName().startsWith(".")) {
        continue;
      }
      try {
        FileSystem fileSystem = file.getPath().getFileSystem(conf);
        JsonNode node;
        try (InputStream in = fileSystem.open(file.getPath())) {
          node = MAPPER.readTree(in);
        }
        if (!(node instanceof ObjectNode other) || !isDeadRun(other)) {
          continue;
        }
        String reason =
            String.format(
                "process %s on %s ended without recording an outcome (killed or lost); found by"
                    + " run %s",
                other.get("pid").asText(), other.get("host").asText(), runId);
        other.put("status", "ABANDONED");
        other.put("error", reason);
        other.put("abandoned_at", Instant.now().toString());
        String name = file.getPath().getName();
        String otherId = name.substring(0, name.length() - ".json".length());
        replace(fileSystem, directory, otherId, MAPPER.writeValueAsBytes(other));
        LOG.warn("Run {} marked ABANDONED: {}", otherId, reason);
        abandoned.add(otherId);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot check run ledger entry {}: {}", file.getPath(), e.toString());
      }
    }
    return abandoned;
  }

  private static boolean isDeadRun(ObjectNode other) {
    if (!"RUNNING".equals(other.path("status").asText())
        || HOST.equals(UNKNOWN_HOST)
        || !HOST.equals(other.path("host").asText(null))
        || !other.path("pid").canConvertToLong()) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(other.get("pid").asLong());
    if (process.isEmpty()) {
      return true;
    }
    // The id may have been reused by a later process: the start time tells them apart.
    String recorded = other.path("process_started_at").asText(null);
    Optional<Instant> started = process.get().info().startInstant();
    return recorded != null && started.isPresent() && !recorded.equals(started.get().toString());
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
    replace(fileSystem, directory, runId, MAPPER.writeValueAsBytes(entry));
  }

  private void replace(FileSystem fileSystem, Path directory, String id, byte[] json)
      throws IOException {
    Path target = new Path(directory, id + ".json");
    Path temporary = new Path(directory, "." + id + ".json.tmp");
    try (OutputStream out = fileSystem.create(temporary, true)) {
      out.write(json);
    }
    // One atomic rename that replaces the previous version of the entry.
    FileContext.getFileContext(fileSystem.getUri(), conf)
        .rename(temporary, target, Options.Rename.OVERWRITE);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return UNKNOWN_HOST;
    }
  }
}
