package io.packetlake.benchmarks;

import static java.util.Objects.requireNonNull;

import io.packetlake.benchmarks.DecodeLoops.Work;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.ingest.IngestResult;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.jobs.vectors.VectorJob;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code packetlake bench stages}: every stage of the pipeline timed on the same generated capture,
 * side by side in one run, against the physical floor (reading the file's bytes) and the framing
 * loop; optionally the whole run at 1×, 2× and 4× the size with peak memory.
 *
 * <p>The decode loops run in this JVM (see {@link DecodeLoops}) and, for whole-process figures, in
 * child JVMs. The Spark stages run in the one Spark session given, through the jobs' public entry
 * points, each run on a fresh lake; {@code run} is the sum of one run's four stages. Every figure
 * is the median of {@link Options#runs()} runs, with min and max.
 */
public final class StagesBenchmark {
  /** Row keys, as {@code --skip-stage} names them: the pipeline's stages by their names. */
  public static final List<String> STAGES =
      Stream.of(
              List.of(
                  "cat",
                  "read",
                  "framing",
                  "framing-process",
                  "decoding",
                  "decoding-process",
                  "framing-records",
                  "decoding-records"),
              Pipeline.stageNames(),
              List.of("run", "tshark"))
          .flatMap(List::stream)
          .toList();

  /** The 18 per-packet seed features as tshark fields. */
  static final List<String> TSHARK_FIELDS =
      List.of(
          "frame.len",
          "eth.dst",
          "eth.src",
          "eth.type",
          "ip.hdr_len",
          "ip.ttl",
          "ip.proto",
          "ip.len",
          "ip.dsfield",
          "ip.src",
          "ip.dst",
          "tcp.srcport",
          "tcp.dstport",
          "udp.srcport",
          "udp.dstport",
          "udp.length",
          "icmp.type",
          "icmp.code");

  private static final String BEGIN = "<!-- bench stages: begin -->";
  private static final String END = "<!-- bench stages: end -->";

  /**
   * @param sizeBytes largest size of the generated capture
   * @param capture a capture to use instead of generating one; null to generate
   * @param runs runs per figure
   * @param workDirectory where captures and lakes go
   * @param skipped stage keys not to run
   * @param keep whether to keep the lakes (captures are always kept, to be reused)
   * @param scaling whether to run the scaling table instead of the stage table
   * @param report a Markdown file to write the report to; null for stdout only
   */
  public record Options(
      long sizeBytes,
      Path capture,
      int runs,
      Path workDirectory,
      Set<String> skipped,
      boolean keep,
      boolean scaling,
      Path report) {
    public Options {
      requireNonNull(workDirectory, "workDirectory is null");
      skipped = Set.copyOf(skipped);
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be positive: " + runs);
      }
      if (sizeBytes < 64 * 1024) {
        throw new IllegalArgumentException("size must be at least 64k: " + sizeBytes);
      }
      for (String stage : skipped) {
        if (!STAGES.contains(stage)) {
          throw new IllegalArgumentException(
              "Cannot skip stage '" + stage + "': stages are " + String.join(", ", STAGES));
        }
      }
    }
  }

  /** A stage's timings over the runs: one row of the stage table. */
  public record StageTiming(
      String key, String description, long packets, long bytes, List<Double> seconds) {
    public StageTiming {
      seconds = List.copyOf(seconds);
    }

    public double median() {
      List<Double> sorted = seconds.stream().sorted().toList();
      int middle = sorted.size() / 2;
      return sorted.size() % 2 == 1
          ? sorted.get(middle)
          : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public double min() {
      return seconds.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    public double max() {
      return seconds.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    public double packetsPerSecond() {
      return packets / median();
    }

    public double megabytesPerSecond() {
      return bytes / median() / 1e6;
    }
  }

  /** One line of the scaling table. */
  public record ScalingRow(
      int factor, long packets, long bytes, StageTiming run, PeakMemory.Reading memory) {}

  private final SparkSession spark;
  private final Options options;
  private final PrintWriter out;
  private final PeakMemory memory = new PeakMemory();

  public StagesBenchmark(SparkSession spark, Options options, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.options = requireNonNull(options, "options is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Runs the benchmark and returns the Markdown report it printed (and wrote, with --report). */
  public String run() throws Exception {
    Files.createDirectories(options.workDirectory());
    spark.sparkContext().addSparkListener(memory);
    try {
      String report = options.scaling() ? scalingReport() : stagesReport();
      out.println();
      out.println(report);
      out.flush();
      if (options.report() != null) {
        writeReport(options.report(), report);
      }
      return report;
    } finally {
      spark.sparkContext().removeSparkListener(memory);
    }
  }

  private String stagesReport() throws Exception {
    Path capture = options.capture() != null ? options.capture() : generate(options.sizeBytes());
    long bytes = Files.size(capture);
    progress("Counting packets of %s", capture);
    long packets = DecodeLoops.framing(capture).packets();
    List<StageTiming> rows = new ArrayList<>();
    if (wanted("cat") && onPath("cat")) {
      rows.add(
          measure(
              "cat",
              "`cat FILE > /dev/null` (process)",
              packets,
              bytes,
              () -> process("cat", capture.toString())));
    }
    addDecodeLoops(rows, capture, packets, bytes);
    rows.addAll(sparkRows(capture, packets, bytes, options.runs(), "stages"));
    if (wanted("tshark") && onPath("tshark")) {
      String[] command = tsharkCommand(capture);
      rows.add(
          measure(
              "tshark",
              "`tshark -T fields` with the 18 seed fields (process)",
              packets,
              bytes,
              () -> process(command)));
    }
    return header(capture, packets, bytes) + stageTable(rows);
  }

  /** The framing and decoding loops, in-process and (for two of them) as a whole JVM process. */
  private void addDecodeLoops(List<StageTiming> rows, Path capture, long packets, long bytes)
      throws Exception {
    addLoop(rows, "read", "buffered read of the bytes (in-process)", Work.READ, capture, packets);
    addLoop(rows, "framing", "framing, cursor (in-process)", Work.FRAMING, capture, packets);
    addJavaProcess(
        rows,
        "framing-process",
        "framing, cursor (whole JVM process)",
        Work.FRAMING,
        capture,
        packets,
        bytes);
    addLoop(
        rows,
        "decoding",
        "framing+decoding, reused holders (in-process)",
        Work.DECODING,
        capture,
        packets);
    addJavaProcess(
        rows,
        "decoding-process",
        "framing+decoding (whole JVM process)",
        Work.DECODING,
        capture,
        packets,
        bytes);
    addLoop(
        rows,
        "framing-records",
        "framing, record per packet (in-process)",
        Work.FRAMING_RECORDS,
        capture,
        packets);
    addLoop(
        rows,
        "decoding-records",
        "framing+decoding, values per packet (in-process)",
        Work.DECODING_RECORDS,
        capture,
        packets);
  }

  /** tshark printing the seed fields of every packet of {@code capture}. */
  private static String[] tsharkCommand(Path capture) {
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
    command.addAll(List.of("-T", "fields"));
    for (String field : TSHARK_FIELDS) {
      command.add("-e");
      command.add(field);
    }
    return command.toArray(String[]::new);
  }

  private String scalingReport() throws Exception {
    List<ScalingRow> rows = new ArrayList<>();
    for (int factor : new int[] {1, 2, 4}) {
      Path capture = generate(options.sizeBytes() * factor);
      long packets = DecodeLoops.framing(capture).packets();
      long bytes = Files.size(capture);
      memory.reset();
      List<StageTiming> stages = sparkRows(capture, packets, bytes, options.runs(), factor + "x");
      StageTiming run =
          stages.stream().filter(row -> row.key().equals("run")).findFirst().orElseThrow();
      rows.add(new ScalingRow(factor, packets, bytes, run, memory.read()));
    }
    StringBuilder table = new StringBuilder();
    table.append(machine());
    table.append(
        String.format(
            Locale.ROOT,
            "Scaling: the whole run (ingest, connections, ip_activity, vectors) at 1x, 2x and 4x"
                + " of %s, median of %d run(s) each. Peak memory is over all runs of a size. In"
                + " local mode the executor is the driver JVM: the executor columns are Spark's"
                + " own metrics of that same heap.%n%n",
            megabytes(options.sizeBytes()),
            options.runs()));
    table.append(
        "| input | packets | run s (median, min-max) | packets/s | time ratio to 1x | ideal |"
            + " driver heap peak | driver RSS peak | task peak execution memory |"
            + " executor JVM heap peak |\n");
    table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    double base = rows.get(0).run().median();
    for (ScalingRow row : rows) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %dx (%s) | %,d | %.1f (%.1f-%.1f) | %,.0f | %.2f | %d.0 | %s | %s | %s | %s |%n",
              row.factor(),
              megabytes(row.bytes()),
              row.packets(),
              row.run().median(),
              row.run().min(),
              row.run().max(),
              row.run().packetsPerSecond(),
              row.run().median() / base,
              row.factor(),
              mebibytes(row.memory().driverHeapPeak()),
              mebibytes(row.memory().driverRssPeak()),
              mebibytes(row.memory().taskPeakExecutionMemory()),
              mebibytes(row.memory().executorJvmHeapPeak())));
    }
    return table.toString();
  }

  /** Ingest, connections, ip_activity and vectors, {@code runs} times each on a fresh lake. */
  private List<StageTiming> sparkRows(
      Path capture, long packets, long bytes, int runs, String label) throws Exception {
    if (!wanted("ingest") && !wanted("run")) {
      return List.of();
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (String key : Pipeline.stageNames()) {
      seconds.put(key, new ArrayList<>());
    }
    seconds.put("run", new ArrayList<>());
    for (int run = 0; run < runs; run++) {
      Path lakeDirectory = options.workDirectory().resolve("lake-" + label + "-" + run);
      deleteRecursively(lakeDirectory);
      Lake lake = new Lake(lakeDirectory.toAbsolutePath().toString());
      RunLedger ledger =
          new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "bench", Instant.now());
      ledger.started();
      System.gc();
      progress("Spark stages on %s, run %d of %d", capture.getFileName(), run + 1, runs);
      runStages(capture, lake, ledger, seconds);
      ledger.finished(Instant.now(), "SUCCEEDED", null);
      if (!options.keep()) {
        deleteRecursively(lakeDirectory);
      }
    }
    List<StageTiming> rows = new ArrayList<>();
    for (String stage : Pipeline.stageNames()) {
      addSpark(rows, stage, stage + " (Spark local)", packets, bytes, seconds);
    }
    addSpark(rows, "run", "whole run: the four stages above", packets, bytes, seconds);
    return rows;
  }

  /**
   * One run of the wanted stages on a fresh {@code lake}, adding the seconds of each stage and of
   * the whole run to {@code seconds}. Vectors need both connections and ip_activity, so they run
   * only with them.
   */
  private void runStages(
      Path capture, Lake lake, RunLedger ledger, Map<String, List<Double>> seconds)
      throws Exception {
    boolean connections = wanted(Stage.CONNECTIONS.stageName()) || wanted("run");
    boolean activity = wanted(Stage.ACTIVITY.stageName()) || wanted("run");
    boolean vectors =
        (wanted(Stage.VECTORS.stageName()) || wanted("run")) && connections && activity;
    long started = System.nanoTime();
    IngestResult ingested =
        IngestJob.run(
            spark,
            IngestConfig.defaults(List.of(capture.toAbsolutePath().toString()), lake),
            ledger);
    long afterIngest = System.nanoTime();
    seconds.get(Stage.INGEST.stageName()).add(elapsed(started, afterIngest));
    Set<LocalDate> dates =
        ConnectionJob.datesOf(
            spark,
            lake.table(PacketTable.NAME),
            ingested.captures().stream().map(CaptureFile::captureId).toList());
    long mark = System.nanoTime();
    if (connections) {
      ConnectionJob.run(
          spark, ConnectionConfig.forDates(lake, dates, FlowTimeouts.defaults()), ledger);
      mark = recordStage(seconds, Stage.CONNECTIONS, mark);
    }
    if (activity) {
      ActivityJob.run(spark, ActivityConfig.forDates(lake, dates), ledger);
      mark = recordStage(seconds, Stage.ACTIVITY, mark);
    }
    if (vectors) {
      VectorJob.run(
          spark,
          VectorConfig.forDates(lake, dates, VectorConfig.DEFAULT_NUMBER_OF_FEATURES),
          ledger);
      mark = recordStage(seconds, Stage.VECTORS, mark);
    }
    seconds.get("run").add(elapsed(started, mark));
  }

  /** Adds the seconds since {@code startedNanos} to the stage's; returns the time now. */
  private static long recordStage(
      Map<String, List<Double>> seconds, Stage stage, long startedNanos) {
    long now = System.nanoTime();
    seconds.get(stage.stageName()).add(elapsed(startedNanos, now));
    return now;
  }

  private void addJavaProcess(
      List<StageTiming> rows,
      String key,
      String description,
      Work work,
      Path capture,
      long packets,
      long bytes)
      throws Exception {
    if (wanted(key)) {
      rows.add(measure(key, description, packets, bytes, () -> javaProcess(work, capture)));
    }
  }

  private void addSpark(
      List<StageTiming> rows,
      String key,
      String description,
      long packets,
      long bytes,
      Map<String, List<Double>> seconds) {
    if (wanted(key) && !seconds.get(key).isEmpty()) {
      rows.add(new StageTiming(key, description, packets, bytes, seconds.get(key)));
    }
  }

  private void addLoop(
      List<StageTiming> rows, String key, String description, Work work, Path capture, long packets)
      throws Exception {
    if (!wanted(key)) {
      return;
    }
    // One untimed pass warms the JIT and the page cache.
    DecodeLoops.run(work, capture);
    rows.add(
        measure(
            key, description, packets, Files.size(capture), () -> DecodeLoops.run(work, capture)));
  }

  private interface Timed {
    void run() throws Exception;
  }

  private StageTiming measure(String key, String description, long packets, long bytes, Timed timed)
      throws Exception {
    List<Double> seconds = new ArrayList<>();
    for (int run = 0; run < options.runs(); run++) {
      progress("%s, run %d of %d", key, run + 1, options.runs());
      long started = System.nanoTime();
      timed.run();
      seconds.add(elapsed(started, System.nanoTime()));
    }
    return new StageTiming(key, description, packets, bytes, seconds);
  }

  private static void process(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(2, TimeUnit.HOURS)) {
      process.destroyForcibly();
      throw new IOException("Cannot time " + command[0] + ": still running after 2 hours");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "Cannot time " + String.join(" ", command) + ": exit code " + process.exitValue());
    }
  }

  private static void javaProcess(Work work, Path capture) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process(
        java,
        "-cp",
        System.getProperty("java.class.path"),
        DecodeLoops.class.getName(),
        work.name(),
        capture.toString());
  }

  private Path generate(long size) throws IOException {
    progress(
        "Capture of %s in %s: generated once, then reused (the generator is deterministic)",
        megabytes(size), options.workDirectory());
    return Captures.generated(options.workDirectory(), size);
  }

  private String header(Path capture, long packets, long bytes) {
    return machine()
        + String.format(
            Locale.ROOT,
            "Input: %s, %s, %,d packets (%.0f B average), classic pcap from `packetlake generate`."
                + " Median of %d run(s) (min-max in seconds). Packets/s is the capture's packets"
                + " over the stage's time; \"x floor\" and \"x framing\" are packets/s ratios to"
                + " the `read` and `framing` rows.%n%n",
            capture.getFileName(),
            megabytes(bytes),
            packets,
            packets == 0 ? 0.0 : (double) bytes / packets,
            options.runs());
  }

  private static String stageTable(List<StageTiming> rows) {
    double floor = rate(rows, "read");
    double framing = rate(rows, "framing");
    StringBuilder table = new StringBuilder();
    table.append(
        "| stage | what | packets/s | MB/s | seconds: median (min-max) | x floor | x framing |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (StageTiming row : rows) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,.0f | %s | %s (%s-%s) | %s | %s |%n",
              row.key(),
              row.description(),
              row.packetsPerSecond(),
              rate(row.megabytesPerSecond()),
              seconds(row.median()),
              seconds(row.min()),
              seconds(row.max()),
              ratio(row.packetsPerSecond(), floor),
              ratio(row.packetsPerSecond(), framing)));
    }
    return table.toString();
  }

  private static String seconds(double value) {
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, value >= 0.01 ? "%.3f" : "%.2e", value);
  }

  /** Three significant digits at least, so that small runs do not print 0.0. */
  private static String rate(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, value >= 1 ? "%.2f" : "%.4f", value);
  }

  private static double rate(List<StageTiming> rows, String key) {
    return rows.stream()
        .filter(row -> row.key().equals(key))
        .mapToDouble(StageTiming::packetsPerSecond)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static String ratio(double value, double base) {
    return Double.isNaN(base) ? "-" : String.format(Locale.ROOT, "%.3f", value / base);
  }

  /** The machine, for the report: cores, CPU, memory, JVM, Spark. */
  String machine() {
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (`nproc`), %s, %s RAM; %s %s; Spark %s, master %s; run at %s.%n%n",
        Runtime.getRuntime().availableProcessors(),
        procField(Path.of("/proc/cpuinfo"), "model name"),
        procField(Path.of("/proc/meminfo"), "MemTotal"),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        spark.version(),
        spark.sparkContext().master(),
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static String procField(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown " + name;
    }
    return "unknown " + name;
  }

  /**
   * Writes the report into {@code file} between the bench markers when the file has them (so that
   * docs/PERFORMANCE.md keeps its prose), otherwise as the whole file.
   */
  static void writeReport(Path file, String report) throws IOException {
    String section = BEGIN + "\n" + report + END + "\n";
    if (Files.exists(file)) {
      String existing = Files.readString(file, StandardCharsets.UTF_8);
      int begin = existing.indexOf(BEGIN);
      int end = existing.indexOf(END);
      if (begin >= 0 && end > begin) {
        String updated =
            existing.substring(0, begin) + section + existing.substring(end + END.length() + 1);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        return;
      }
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, section, StandardCharsets.UTF_8);
  }

  private boolean wanted(String key) {
    return !options.skipped().contains(key);
  }

  private void progress(String format, Object... arguments) {
    out.printf(Locale.ROOT, "bench: " + format + "%n", arguments);
    out.flush();
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  private static double elapsed(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String mebibytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
