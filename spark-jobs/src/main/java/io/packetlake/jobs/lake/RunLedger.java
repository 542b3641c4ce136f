package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

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
 * <p>An entry records what shaped the run's output besides its inputs: the schema version it
 * writes, the command line it was started with, and the settings of each stage it ran and of the
 * Spark session (under {@code settings}, one object per group). Writing the RUNNING entry is a
 * run's first write to the lake, and it comes after the lake's schema version was checked ({@link
 * #started()}).
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
  // Spark's dynamic partition overwrite writes a job's files under <table>/.spark-staging-<job>.
  private static final String STAGING_PREFIX = ".spark-staging-";
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
    entry.put("schema_version", SchemaVersion.CURRENT);
    entry.putArray("command_line");
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
    entry.putObject("settings");
    entry.putObject("counts");
  }

  public String runId() {
    return runId;
  }

  /** Where the entry is written. */
  public String entryPath() {
    return lake.runs() + "/" + runId + ".json";
  }

  /** The arguments the command was started with, as it was given them. */
  public void commandLine(List<String> arguments) {
    ArrayNode node = (ArrayNode) entry.get("command_line");
    node.removeAll();
    requireNonNull(arguments, "arguments is null").forEach(node::add);
  }

  /**
   * Records under {@code settings.<group>} the settings of one group (a stage, the Spark session)
   * that shape what the run writes, replacing the group's earlier values. Values are strings,
   * numbers, booleans, or lists and maps of these, written as JSON values of their own type.
   */
  public void settings(String group, Map<String, ?> values) {
    requireNonNull(group, "group is null");
    ((ObjectNode) entry.get("settings"))
        .set(group, MAPPER.valueToTree(requireNonNull(values, "values is null")));
  }

  /**
   * Records under {@code counts.<group>} what one part of a stage counted besides rows and statuses
   * (what the application-layer pass examined and left out), replacing the group's earlier values;
   * values as for {@link #settings}.
   */
  public void counts(String group, Map<String, ?> values) {
    requireNonNull(group, "group is null");
    ((ObjectNode) entry.get("counts"))
        .set(group, MAPPER.valueToTree(requireNonNull(values, "values is null")));
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

  /**
   * The Spark application the run is part of ({@code application_...} on YARN, {@code local-...}
   * locally) and its master: what an operator needs to find the run's logs and history.
   */
  public void sparkApplication(String applicationId, String master) {
    entry.put("spark_application_id", requireNonNull(applicationId, "applicationId is null"));
    entry.put("spark_master", requireNonNull(master, "master is null"));
  }

  public void stageSeconds(String stage, double seconds) {
    ((ObjectNode) entry.get("stage_seconds")).put(stage, Math.round(seconds * 1000) / 1000.0);
  }

  /**
   * Checks that this build may write to the lake ({@link LakeVersion#claim}: its schema version,
   * stated by a new lake now), marks the entries of runs that died without an outcome as ABANDONED,
   * removes the staging directories they left when no other run is active, then writes this run's
   * entry as RUNNING.
   *
   * @throws IncompatibleLakeException when the lake is of another schema version, or holds tables
   *     without one: nothing has been written then, not even this entry
   */
  public void started() throws IOException {
    LakeVersion.claim(conf, lake);
    markAbandonedRuns();
    removeStagingOfEndedRuns();
    write();
  }

  /**
   * Marks as ABANDONED the RUNNING entries written on this host by a process that no longer exists
   * (or whose id now belongs to a later process), and returns their run ids. A failure to read or
   * rewrite an entry is logged, never fatal: the ledger reports, it does not decide the run.
   */
  public List<String> markAbandonedRuns() {
    List<String> abandoned = new ArrayList<>();
    for (Entry other : entries()) {
      if (!isDeadRun(other.node())) {
        continue;
      }
      String reason =
          String.format(
              "process %s on %s ended without recording an outcome (killed or lost); found by"
                  + " run %s",
              other.node().get("pid").asText(), other.node().get("host").asText(), runId);
      other.node().put("status", "ABANDONED");
      other.node().put("error", reason);
      other.node().put("abandoned_at", Instant.now().toString());
      try {
        replace(
            other.path().getFileSystem(conf),
            other.path().getParent(),
            other.runId(),
            MAPPER.writeValueAsBytes(other.node()));
        LOG.warn("Run {} marked ABANDONED: {}", other.runId(), reason);
        abandoned.add(other.runId());
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot mark run ledger entry {} ABANDONED: {}", other.path(), e.toString());
      }
    }
    return abandoned;
  }

  /**
   * Deletes the {@code <table>/.spark-staging-*} directories of the lake's tables when no entry is
   * RUNNING, and returns them. Only a run's writes create staging directories and every run has a
   * RUNNING entry before it writes, so with none RUNNING they are the leftovers of runs that were
   * killed (and are ABANDONED now). While any entry is RUNNING (a live run, or one on another host
   * that cannot be proven dead) nothing is deleted. Failures are logged, never fatal.
   */
  public List<String> removeStagingOfEndedRuns() {
    List<String> removed = new ArrayList<>();
    List<String> running =
        entries().stream()
            .filter(other -> "RUNNING".equals(other.node().path("status").asText()))
            .filter(other -> !other.runId().equals(runId))
            .map(Entry::runId)
            .toList();
    if (!running.isEmpty()) {
      LOG.info("Staging directories left in place: runs {} are RUNNING", running);
      return removed;
    }
    Path root = new Path(lake.root());
    try {
      FileSystem fileSystem = root.getFileSystem(conf);
      if (!fileSystem.exists(root)) {
        return removed;
      }
      for (FileStatus table : fileSystem.listStatus(root)) {
        if (!table.isDirectory() || table.getPath().getName().startsWith("_")) {
          continue;
        }
        for (FileStatus staging :
            fileSystem.listStatus(
                table.getPath(), path -> path.getName().startsWith(STAGING_PREFIX))) {
          if (staging.isDirectory() && fileSystem.delete(staging.getPath(), true)) {
            LOG.warn("Removed {}, left by a run that did not finish", staging.getPath());
            removed.add(staging.getPath().toString());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot remove staging directories under {}: {}", root, e.toString());
    }
    return removed;
  }

  /** A ledger entry read back, with where it is. */
  private record Entry(Path path, String runId, ObjectNode node) {}

  /** The readable entries of the ledger; unreadable ones are logged and left out. */
  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    Path directory = new Path(lake.runs());
    FileStatus[] files;
    try {
      FileSystem fileSystem = directory.getFileSystem(conf);
      if (!fileSystem.exists(directory)) {
        return entries;
      }
      files = fileSystem.listStatus(directory, path -> path.getName().endsWith(".json"));
    } catch (IOException e) {
      LOG.warn("Cannot list the run ledger {}: {}", directory, e.toString());
      return entries;
    }
    for (FileStatus file : files) {
      String name = file.getPath().getName();
      if (file.getLen() > MAX_ENTRY_BYTES || name.startsWith(".")) {
        continue;
      }
      try (InputStream in = file.getPath().getFileSystem(conf).open(file.getPath())) {
        if (MAPPER.readTree(in) instanceof ObjectNode node) {
          entries.add(
              new Entry(file.getPath(), name.substring(0, name.length() - ".json".length()), node));
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot read run ledger entry {}: {}", file.getPath(), e.toString());
      }
    }
    return entries;
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
