package io.packetlake.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.lake.LakeChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' path, for real: {@code spark-submit --master yarn --deploy-mode cluster} of the
 * shaded job jar to an in-process YARN cluster, reading captures from an in-process HDFS (several
 * blocks, so several input splits, per capture) and writing every lake table there. The tables must
 * equal those of a local-mode run of the same jar on the same captures read from local disk.
 */
final class TestYarnSubmit {
  private static final String MAIN_CLASS = "io.packetlake.jobs.cli.PacketlakeCommand";
  // A pcapng and a pcap of IPv4 fragments, 1.1 and 2.9 MB: 5 and 12 HDFS blocks, one day each.
  private static final List<String> CAPTURES =
      List.of("wireshark_samples-test.pcapng", "ip-frag.pcap");
  // Each capture is several blocks, so several input splits, so it is read by several tasks.
  private static final long BLOCK_SIZE = 256 * 1024;
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(15);

  @TempDir Path work;

  @Test
  void runOnYarnOverHdfsEqualsLocalRun() throws Exception {
    try (MiniHadoopCluster cluster = MiniHadoopCluster.start(work.resolve("cluster"), BLOCK_SIZE)) {
      try {
        runAndCompare(cluster);
      } catch (Exception | AssertionError failure) {
        String diagnostics = cluster.diagnostics();
        System.out.println(diagnostics);
        failure.addSuppressed(
            new AssertionError("YARN applications and container logs:\n" + diagnostics));
        throw failure;
      }
    }
  }

  private void runAndCompare(MiniHadoopCluster cluster) throws Exception {
    FileSystem hdfs = cluster.fileSystem();
    String hdfsRoot = cluster.hdfsUri();
    for (String name : CAPTURES) {
      org.apache.hadoop.fs.Path target =
          new org.apache.hadoop.fs.Path(hdfsRoot + "/captures/" + name);
      hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(corpusPath(name).toString()), target);
      FileStatus status = hdfs.getFileStatus(target);
      assertThat(hdfs.getFileBlockLocations(status, 0, status.getLen()))
          .as("HDFS blocks of %s", name)
          .hasSizeGreaterThan(2);
    }
    String yarnLake = hdfsRoot + "/lake";
    Path localLake = work.resolve("local-lake");

    SparkSubmitProcess.Outcome onYarn =
        submitter(cluster, "512m")
            .run(
                yarnArguments(hdfsRoot + "/captures", yarnLake),
                work.resolve("yarn.out"),
                SUBMIT_TIMEOUT);
    System.out.printf(
        "spark-submit --master yarn: exit %d in %.1f s%n%s%n",
        onYarn.exitCode(), seconds(onYarn.elapsed()), onYarn.output());
    assertThat(onYarn.exitCode())
        .as("spark-submit --master yarn exit code\n%s", onYarn.output())
        .isZero();

    List<String> localInputs = new ArrayList<>();
    for (String name : CAPTURES) {
      localInputs.add(corpusPath(name).toString());
    }
    SparkSubmitProcess.Outcome local =
        localSubmitter()
            .run(
                localArguments(localInputs, localLake.toString()),
                work.resolve("local.out"),
                SUBMIT_TIMEOUT);
    System.out.printf(
        "spark-submit --master local[2]: exit %d in %.1f s%n%s%n",
        local.exitCode(), seconds(local.elapsed()), local.output());
    assertThat(local.exitCode())
        .as("spark-submit --master local[2] exit code\n%s", local.output())
        .isZero();

    SparkSession spark =
        SparkSession.builder()
            .appName("TestYarnSubmit")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    try {
      compareTables(spark, yarnLake, "file:" + localLake.toAbsolutePath());
      compareLedgers(
          spark.sparkContext().hadoopConfiguration(),
          yarnLake,
          "file:" + localLake.toAbsolutePath(),
          cluster.finalStatuses());
    } finally {
      spark.stop();
    }
  }

  private static void compareTables(SparkSession spark, String yarnLake, String localLake) {
    Map<String, LakeChecksums.Checksum> yarn = new LinkedHashMap<>();
    Map<String, LakeChecksums.Checksum> local = new LinkedHashMap<>();
    for (String table : Pipeline.tables()) {
      yarn.put(table, LakeChecksums.of(comparable(spark, yarnLake, table)));
      local.put(table, LakeChecksums.of(comparable(spark, localLake, table)));
    }
    System.out.println("Tables on YARN:  " + yarn);
    System.out.println("Tables in local: " + local);
    for (String table : Pipeline.tables()) {
      assertThat(yarn.get(table).rows()).as("rows of %s", table).isPositive();
    }
    if (!yarn.equals(local)) {
      StringBuilder differences = new StringBuilder();
      for (String table : Pipeline.tables()) {
        if (!yarn.get(table).equals(local.get(table))) {
          Dataset<Row> onYarn = comparable(spark, yarnLake, table);
          Dataset<Row> inLocal = comparable(spark, localLake, table);
          differences
              .append(table)
              .append(": only on YARN\n")
              .append(onYarn.exceptAll(inLocal).limit(5).collectAsList())
              .append("\n  only in local\n")
              .append(inLocal.exceptAll(onYarn).limit(5).collectAsList())
              .append('\n');
        }
      }
      assertThat(yarn).as("tables on YARN vs. local run\n%s", differences).isEqualTo(local);
    }
  }

  /** A table of a lake with the values that depend on where its inputs lived made comparable. */
  private static Dataset<Row> comparable(SparkSession spark, String lake, String table) {
    return LakeChecksums.locationIndependent(spark.read().parquet(lake + "/" + table));
  }

  private static void compareLedgers(
      Configuration conf, String yarnLake, String localLake, Map<String, String> yarnApplications)
      throws IOException {
    JsonNode yarn = onlyLedgerEntry(conf, yarnLake);
    JsonNode local = onlyLedgerEntry(conf, localLake);
    assertThat(yarn.get("status").asText()).as("YARN run status: %s", yarn).isEqualTo("SUCCEEDED");
    assertThat(yarn.get("command").asText()).isEqualTo("run");
    for (String field :
        List.of(
            "rows_written",
            "frame_status_counts",
            "decode_status_counts",
            "skipped_inputs",
            "unsplit_inputs")) {
      assertThat(yarn.get(field)).as("ledger %s", field).isEqualTo(local.get(field));
    }
    assertThat(captureIds(yarn)).hasSize(CAPTURES.size()).isEqualTo(captureIds(local));
    assertThat(yarn.get("inputs"))
        .allSatisfy(input -> assertThat(input.get("path").asText()).startsWith("hdfs://"));
    // The ledger names the YARN application (the key to its logs), which YARN saw succeed.
    assertThat(yarn.get("spark_master").asText()).isEqualTo("yarn");
    assertThat(yarnApplications)
        .as("YARN applications")
        .containsEntry(yarn.get("spark_application_id").asText(), "SUCCEEDED");
    assertThat(local.get("spark_application_id").asText()).startsWith("local-");
    assertThat(local.get("spark_master").asText()).isEqualTo("local[2]");
    assertThat(yarn.get("stage_seconds").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("ingest", "connections", "activity", "vectors");
  }

  private static TreeSet<String> captureIds(JsonNode entry) {
    TreeSet<String> ids = new TreeSet<>();
    entry.get("inputs").forEach(input -> ids.add(input.get("capture_id").asText()));
    return ids;
  }

  /** The run's entry; hidden temporary files of the atomic replace must be gone. */
  private static JsonNode onlyLedgerEntry(Configuration conf, String lake) throws IOException {
    org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path(lake + "/_runs");
    FileSystem fileSystem = runs.getFileSystem(conf);
    List<org.apache.hadoop.fs.Path> entries =
        Arrays.stream(fileSystem.listStatus(runs))
            .map(FileStatus::getPath)
            .filter(path -> !path.getName().endsWith(".crc"))
            .collect(Collectors.toList());
    assertThat(entries).as("ledger entries in %s", runs).hasSize(1);
    assertThat(entries.get(0).getName()).endsWith(".json").doesNotStartWith(".");
    try (InputStream in = fileSystem.open(entries.get(0))) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** Cluster mode, as conf/spark-defaults.conf sets it for operators: the driver runs in YARN. */
  private static List<String> yarnArguments(String input, String lake) throws IOException {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(List.of("--master", "yarn", "--deploy-mode", "cluster"));
    arguments.addAll(commonArguments());
    // The Spark jars are on every node's disk already (the Maven repository of this machine):
    // local: URIs put them on the containers' classpath without uploading ~300 MB to HDFS.
    arguments.addAll(
        List.of(
            "--conf",
            "spark.yarn.jars="
                + sparkClasspath().stream()
                    .filter(entry -> entry.endsWith(".jar"))
                    .map(jar -> "local:" + jar)
                    .collect(Collectors.joining(","))));
    arguments.addAll(
        List.of(
            "--conf", "spark.yarn.dist.files=" + confDirectory().resolve("log4j2-yarn.properties"),
            // One executor with both cores of the machine, 1 GiB heaps: fits the node above.
            "--conf", "spark.dynamicAllocation.enabled=false",
            "--conf", "spark.executor.instances=1",
            "--conf", "spark.executor.cores=2",
            "--conf", "spark.executor.memory=1g",
            "--conf", "spark.executor.memoryOverhead=384m",
            "--conf", "spark.driver.memory=1g",
            "--conf", "spark.driver.memoryOverhead=384m"));
    arguments.add(jobJar().toString());
    arguments.addAll(List.of("run", "--input", input, "--lake", lake));
    return arguments;
  }

  private static List<String> localArguments(List<String> inputs, String lake) throws IOException {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(List.of("--master", "local[2]", "--deploy-mode", "client"));
    arguments.addAll(commonArguments());
    arguments.addAll(
        List.of(
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.driver.bindAddress=127.0.0.1"));
    arguments.add(jobJar().toString());
    arguments.add("run");
    for (String input : inputs) {
      arguments.addAll(List.of("--input", input));
    }
    arguments.addAll(List.of("--lake", lake));
    return arguments;
  }

  /** Both runs: the operators' spark-defaults, the job's main class, a small shuffle. */
  private static List<String> commonArguments() {
    return List.of(
        "--properties-file",
        confDirectory().resolve("spark-defaults.conf").toString(),
        "--class",
        MAIN_CLASS,
        "--conf",
        "spark.sql.shuffle.partitions=2",
        "--conf",
        "spark.ui.enabled=false");
  }

  /** spark-submit on an edge node of the cluster: its HADOOP_CONF_DIR is the cluster's. */
  private static SparkSubmitProcess submitter(MiniHadoopCluster cluster, String heap)
      throws IOException {
    List<String> classpath = new ArrayList<>();
    // What the spark-submit script does with HADOOP_CONF_DIR: the cluster's *-site.xml files.
    classpath.add(cluster.configurationDirectory().toString());
    classpath.addAll(sparkClasspath());
    String configurationDirectory = cluster.configurationDirectory().toString();
    return new SparkSubmitProcess(
        classpath,
        jvmOptions(heap),
        Map.of("HADOOP_CONF_DIR", configurationDirectory, "YARN_CONF_DIR", configurationDirectory));
  }

  /** spark-submit on a machine without Hadoop configuration: paths are local files. */
  private static SparkSubmitProcess localSubmitter() throws IOException {
    // The driver and both executor threads share this JVM's heap.
    return new SparkSubmitProcess(sparkClasspath(), jvmOptions("1536m"), Map.of());
  }

  private static List<String> jvmOptions(String heap) {
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add("-Xmx" + heap);
    jvmOptions.add(
        "-Dlog4j2.configurationFile=" + confDirectory().resolve("log4j2-yarn.properties").toUri());
    jvmOptions.addAll(List.of(requiredProperty("packetlake.spark.jvm.opens").trim().split("\\s+")));
    return jvmOptions;
  }

  private static List<String> sparkClasspath() throws IOException {
    return SparkSubmitProcess.readClasspathFile(
        Path.of(requiredProperty("packetlake.spark.classpath")));
  }

  private static Path jobJar() {
    Path jar = Path.of(requiredProperty("packetlake.jobs.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Cannot submit: " + jar + " is missing; build it with mvn package (mvn verify does)");
    }
    return jar;
  }

  private static Path confDirectory() {
    return Path.of(requiredProperty("packetlake.conf"));
  }

  private static Path corpusPath(String name) {
    return Path.of(requiredProperty("packetlake.pcaps"), name).toAbsolutePath().normalize();
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Cannot run: system property " + name + " is not set");
    }
    return value;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
