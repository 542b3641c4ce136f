package io.packetlake.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import io.packetlake.jobs.LakeFiles;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.cli.PacketlakeCommand;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeChecksums;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed, repeated or failed {@code packetlake run} leaves in the lake. Every test starts
 * from a copy of a lake holding one complete run over capture A and compares table checksums with
 * that state, or with a lake that one clean run over A and B produced.
 */
final class TestCrashSafety {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SparkSession spark;
  @TempDir static Path shared;
  private static Path captureA;
  private static Path captureB;
  private static Lake lakeA;
  private static Map<String, LakeChecksums.Checksum> afterA;
  private static Map<String, LakeChecksums.Checksum> afterAb;

  @TempDir Path directory;

  @BeforeAll
  static void buildLakeOfCaptureA() throws IOException {
    spark = TestSessions.create("TestCrashSafety");
    // A spans two days; B overlaps A's second day, so B's run recomputes connections and
    // ip_activity rows that A's run wrote. B (about 7 MB) is read in small splits by the killed
    // run, so that its write goes through many tasks.
    captureA = generate("a.pcap", 11, "2024-05-06T00:00:00Z", 2_000);
    captureB = generate("b.pcap", 12, "2024-05-07T06:00:00Z", 8_000);
    lakeA = new Lake(shared.resolve("lake-a").toString());
    assertThat(run(lakeA, "--input", captureA.toString()).exitCode()).isZero();
    afterA = LakeChecksums.of(spark, lakeA, Pipeline.tables(), false);
    assertThat(afterA).containsOnlyKeys(Pipeline.tables());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void rerunOfCompletedRunChangesNothing() throws IOException {
    Lake lake = copyOf(lakeA);
    Map<String, SortedSet<String>> partitions = LakeFiles.partitions(lake);

    Result rerun = run(lake, "--input", captureA.toString());

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false)).isEqualTo(afterA);
    assertThat(LakeFiles.partitions(lake)).isEqualTo(partitions);
    assertThat(ledger(lake))
        .extracting(entry -> entry.get("status").asText())
        .containsExactly("SUCCEEDED", "SUCCEEDED");
  }

  @Test
  void checksumsCommandTellsWhetherTwoLakesHoldTheSameRows() throws IOException {
    Lake copy = copyOf(lakeA);
    StringWriter same = new StringWriter();
    assertThat(
            PacketlakeCommand.commandLine()
                .setOut(new PrintWriter(same))
                .execute("checksums", "--lake", lakeA.root(), "--compare", copy.root()))
        .as(same.toString())
        .isZero();
    assertThat(same.toString()).contains("The lakes hold the same rows.");

    Path dropped;
    try (Stream<Path> files = Files.walk(Paths.get(copy.table("connections")))) {
      dropped =
          files
              .filter(file -> file.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
    }
    Files.delete(dropped);
    StringWriter differing = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(
            PacketlakeCommand.commandLine()
                .setOut(new PrintWriter(differing))
                .setErr(new PrintWriter(err))
                .execute("checksums", "--lake", lakeA.root(), "--compare", copy.root()))
        .as(err.toString())
        .isEqualTo(1);
    assertThat(differing.toString())
        .as(err.toString())
        .containsPattern("connections +[0-9,]+ +[0-9,]+ +DIFFERENT")
        .containsPattern("packets +[0-9,]+ +[0-9,]+ +same")
        .contains("1 table(s) differ.");
  }

  @Test
  void killedRunLeavesThePreviousContentAndARerunCompletesIt() throws Exception {
    Lake lake = copyOf(lakeA);
    Map<String, Long> filesAfterA = LakeFiles.visibleFiles(lake);
    Path log = directory.resolve("killed-run.log");
    Process process =
        new ProcessBuilder(
                childCommand(
                    "run",
                    "--input",
                    captureA.toString(),
                    "--input",
                    captureB.toString(),
                    "--lake",
                    lake.root()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    JsonNode killed;
    try {
      killed = awaitPacketsWriteInProgress(process, lake, log);
    } finally {
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    // Files of the killed write exist, hidden; no table shows any of them.
    assertThat(stagedFiles(lake)).isNotEmpty();
    assertThat(LakeFiles.visibleFiles(lake)).isEqualTo(filesAfterA);
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false)).isEqualTo(afterA);
    JsonNode entry = ledgerEntry(lake, killed.get("run_id").asText());
    assertThat(entry.get("status").asText()).isEqualTo("RUNNING");
    assertThat(entry.get("pid").asLong()).isEqualTo(process.pid());
    // The child's own session: its application id, not this test's.
    assertThat(entry.get("spark_application_id").asText())
        .startsWith("local-")
        .isNotEqualTo(spark.sparkContext().applicationId());

    Result rerun = run(lake, "--input", captureA.toString(), "--input", captureB.toString());

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false)).isEqualTo(afterAb());
    // No run was left RUNNING once the killed one was abandoned: its staging files are gone.
    assertThat(stagedFiles(lake)).isEmpty();
    JsonNode abandoned = ledgerEntry(lake, killed.get("run_id").asText());
    assertThat(abandoned.get("status").asText()).isEqualTo("ABANDONED");
    assertThat(abandoned.get("error").asText())
        .contains("process " + process.pid(), "ended without recording an outcome");
    assertThat(ledger(lake))
        .extracting(node -> node.get("status").asText())
        .containsExactlyInAnyOrder("SUCCEEDED", "ABANDONED", "SUCCEEDED");
  }

  @Test
  void badCaptureFailsTheRunBeforeAnyTableChanges() throws IOException {
    Path notCapture = Files.writeString(directory.resolve("notes.pcap"), "not a capture at all");
    Path cutHeader = directory.resolve("cut-header.pcap");
    Files.write(cutHeader, Arrays.copyOf(Files.readAllBytes(captureA), 14));
    Path empty = Files.createFile(directory.resolve("empty.pcap"));
    Path corrupt = directory.resolve("corrupt.pcap");
    long corruptOffset = corruptMidFile(corrupt);

    Lake lake = copyOf(lakeA);
    assertFailsUnchanged(lake, notCapture, "not a pcap or pcapng file (magic 0x6e6f7420)", 0);
    assertFailsUnchanged(
        lake, cutHeader, "file is 14 bytes, shorter than the 24-byte pcap header", 0);
    assertFailsUnchanged(lake, empty, "file is 0 bytes, too short for a capture header", 0);

    // Corrupt regions are flagged rows by default (TestIngestJob); an operator who wants them to
    // stop the run sets packetlake.reader.corrupt-regions=fail.
    spark.sparkContext().hadoopConfiguration().set(PcapInputConfig.CORRUPT_REGIONS, "fail");
    try {
      assertFailsUnchanged(lake, corrupt, "exceeds the maximum record size", corruptOffset);
    } finally {
      spark.sparkContext().hadoopConfiguration().unset(PcapInputConfig.CORRUPT_REGIONS);
    }
    assertThat(ledger(lake)).hasSize(5);
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false)).isEqualTo(afterA);
  }

  @Test
  void unreadableCaptureFailsTheRunBeforeAnyTableChanges() throws IOException {
    Path unreadable = Files.copy(captureA, directory.resolve("unreadable.pcap"));
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(unreadable))
        .as("permissions do not stop this user (root) from reading")
        .isFalse();

    assertFailsUnchanged(copyOf(lakeA), unreadable, "Permission denied", -1);
  }

  @Test
  void skipBadFilesLandsTheGoodCapturesAndRecordsTheBadOnes() throws IOException {
    Path notCapture = Files.writeString(directory.resolve("notes.pcap"), "not a capture at all");
    Path cutHeader = directory.resolve("cut-header.pcap");
    Files.write(cutHeader, Arrays.copyOf(Files.readAllBytes(captureA), 14));
    Path empty = Files.createFile(directory.resolve("empty.pcap"));
    Lake lake = new Lake(directory.resolve("lake").toString());

    Result result =
        execute(
            "ingest",
            "--lake",
            lake.root(),
            "--skip-bad-files",
            "--input",
            notCapture.toString(),
            "--input",
            captureA.toString(),
            "--input",
            cutHeader.toString(),
            "--input",
            empty.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    // Ingest writes the packets and what the application-layer pass finds in them.
    assertThat(LakeChecksums.of(spark, lake, Pipeline.tables(), false))
        .containsExactly(
            Map.entry(PacketTable.NAME, afterA.get(PacketTable.NAME)),
            Map.entry(DnsTable.NAME, afterA.get(DnsTable.NAME)));
    JsonNode entry = ledger(lake).get(0);
    assertThat(entry.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(entry.get("inputs")).hasSize(1);
    assertThat(entry.get("inputs").get(0).get("path").asText()).isEqualTo("file:" + captureA);
    assertThat(skippedReason(entry, notCapture))
        .isEqualTo(
            "Cannot read capture file:"
                + notCapture
                + " at offset 0: not a pcap or pcapng file (magic 0x6e6f7420)");
    assertThat(skippedReason(entry, cutHeader))
        .isEqualTo(
            "Cannot read capture file:"
                + cutHeader
                + " at offset 0: file is 14 bytes, shorter than the 24-byte pcap header");
    assertThat(skippedReason(entry, empty))
        .isEqualTo(
            "Cannot read capture file:"
                + empty
                + " at offset 0: file is 0 bytes, too short for a capture header");
    assertThat(entry.get("skipped_inputs")).hasSize(3);
  }

  /**
   * Runs over capture A and the bad file: the run must fail naming the file (and the offset, when
   * not negative), record FAILED with the reason, and leave every table as it was.
   */
  private static void assertFailsUnchanged(Lake lake, Path bad, String reason, long offset)
      throws IOException {
    Map<String, Long> files = LakeFiles.visibleFiles(lake);

    Result result = run(lake, "--input", captureA.toString(), "--input", bad.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).contains(bad.toString(), reason);
    if (offset >= 0) {
      assertThat(result.err()).contains("at offset " + offset);
    }
    assertThat(LakeFiles.visibleFiles(lake)).isEqualTo(files);
    List<JsonNode> entries = ledger(lake);
    JsonNode last = entries.get(entries.size() - 1);
    assertThat(last.get("status").asText()).isEqualTo("FAILED");
    assertThat(last.get("error").asText()).contains(bad.toString(), reason);
  }

  /** Waits until the child's ledger entry is RUNNING and part files exist in packets' staging. */
  private static JsonNode awaitPacketsWriteInProgress(Process process, Lake lake, Path log)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        fail(
            "The run ended (exit %s) before its packets write could be killed; make capture B"
                + " larger. Its output:%n%s",
            process.exitValue(), Files.readString(log));
      }
      List<JsonNode> running =
          ledger(lake).stream()
              .filter(entry -> entry.get("status").asText().equals("RUNNING"))
              .toList();
      if (!running.isEmpty() && !stagedFiles(lake).isEmpty()) {
        return running.get(0);
      }
      Thread.sleep(20);
    }
    return fail("The run's packets write did not start in time. Its output:%n%s", read(log));
  }

  /** Part files under the packets table's hidden staging directories. */
  private static List<Path> stagedFiles(Lake lake) throws IOException {
    Path table = Paths.get(lake.table(PacketTable.NAME));
    if (!Files.isDirectory(table)) {
      return List.of();
    }
    List<Path> staged = new ArrayList<>();
    try (Stream<Path> children = Files.list(table)) {
      for (Path child : children.toList()) {
        if (!child.getFileName().toString().startsWith(".spark-staging-")) {
          continue;
        }
        try (Stream<Path> files = Files.walk(child)) {
          files
              .filter(file -> file.getFileName().toString().startsWith("part-"))
              .forEach(staged::add);
        } catch (UncheckedIOException e) {
          // A task's directory was renamed while we looked: look again next time.
        }
      }
    }
    return staged;
  }

  /**
   * The child JVM's command line: this JVM's java, class path and module opens; one core and small
   * splits, so that the write of capture B goes through many tasks.
   */
  private static List<String> childCommand(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens")
          || argument.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || argument.startsWith("-Djdk.reflect")
          || argument.startsWith("-Dio.netty")) {
        command.add(argument);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Dspark.master=local[1]",
            "-Dspark.ui.enabled=false",
            "-Dspark.sql.shuffle.partitions=2",
            "-Dspark.driver.host=127.0.0.1",
            "-Dspark.driver.bindAddress=127.0.0.1",
            "-Dspark.hadoop.mapreduce.input.fileinputformat.split.maxsize=131072",
            PacketlakeCommand.class.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

  /** The checksums after one clean run over A and B, into a lake of its own. */
  private static synchronized Map<String, LakeChecksums.Checksum> afterAb() throws IOException {
    if (afterAb == null) {
      Lake lakeAb = new Lake(shared.resolve("lake-ab").toString());
      Result result = run(lakeAb, "--input", captureA.toString(), "--input", captureB.toString());
      assertThat(result.exitCode()).as(result.err()).isZero();
      afterAb = LakeChecksums.of(spark, lakeAb, Pipeline.tables(), false);
    }
    return afterAb;
  }

  private record Result(int exitCode, String err) {}

  /**
   * {@code packetlake run} in this JVM, in the test's session (which the command leaves running).
   */
  private static Result run(Lake lake, String... arguments) {
    List<String> command = new ArrayList<>(List.of("run", "--lake", lake.root()));
    command.addAll(List.of(arguments));
    return execute(command.toArray(String[]::new));
  }

  private static Result execute(String... command) {
    StringWriter err = new StringWriter();
    int exitCode =
        PacketlakeCommand.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(command);
    return new Result(exitCode, err.toString());
  }

  private static List<JsonNode> ledger(Lake lake) throws IOException {
    Path runs = Paths.get(lake.runs());
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    List<JsonNode> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(runs)) {
      for (Path file :
          files
              .filter(path -> !path.getFileName().toString().startsWith("."))
              .filter(path -> path.toString().endsWith(".json"))
              .sorted(Comparator.comparing(Path::toString))
              .toList()) {
        try {
          entries.add(JSON.readTree(file.toFile()));
        } catch (IOException e) {
          // Replaced by its run while we read it.
        }
      }
    }
    entries.sort(Comparator.comparing(entry -> entry.get("started_at").asText()));
    return entries;
  }

  private static JsonNode ledgerEntry(Lake lake, String runId) throws IOException {
    return JSON.readTree(Paths.get(lake.runs(), runId + ".json").toFile());
  }

  private static String skippedReason(JsonNode entry, Path file) {
    for (JsonNode skipped : entry.get("skipped_inputs")) {
      if (skipped.get("path").asText().equals("file:" + file)) {
        return skipped.get("reason").asText();
      }
    }
    return fail("%s is not among the skipped inputs of %s", file, entry);
  }

  /**
   * A small capture with an impossible record length in its middle; returns that record's offset.
   */
  private static long corruptMidFile(Path target) throws IOException {
    Path source = generate(target.getFileName() + ".source", 13, "2024-05-06T08:00:00Z", 1_000);
    byte[] bytes = Files.readAllBytes(source);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 24;
    for (int record = 0; record < 500; record++) {
      offset += 16 + buffer.getInt(offset + 8);
    }
    buffer.putInt(offset + 8, 0x7000_0000);
    Files.write(target, bytes);
    return offset;
  }

  private static Path generate(String name, long seed, String start, long packets) {
    Path file = shared.resolve(name);
    if (Files.exists(file)) {
      return file;
    }
    try {
      new TrafficGenerator(
              new GeneratorConfig(
                  seed,
                  Instant.parse(start),
                  Duration.ofDays(1),
                  40,
                  GenerationLimit.packets(packets)))
          .generate(file, CaptureFileFormat.PCAP, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Lake copyOf(Lake lake) throws IOException {
    Path copy = Files.createTempDirectory(shared, "lake-");
    FileUtils.copyDirectory(Paths.get(lake.root()).toFile(), copy.toFile());
    return new Lake(copy.toString());
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
