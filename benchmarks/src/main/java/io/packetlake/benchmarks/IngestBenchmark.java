package io.packetlake.benchmarks;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.ingest.IngestResult;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.CaptureInputs;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest throughput, side by side in one session: {@link IngestJob#run} itself, the {@code pcap}
 * scan alone into Spark's {@code noop} sink, and one row per lever ingest's write settings were
 * chosen from: the sort before the partitioned write against concurrent writers, then each Parquet
 * setting on top of concurrent writers, then the status counts read back from the table instead of
 * observed. Prints wall time (median, min and max) and the process's CPU time of each; nothing here
 * is asserted.
 *
 * <p>The levers vary what {@code IngestJob} fixes (its Parquet options, its number of concurrent
 * writers): they read and write through ingest's own {@link IngestJob#reader} and {@link
 * IngestJob#write}, with ingest's published settings ({@link IngestJob#PARQUET_OPTIONS}, {@link
 * IngestJob#CONCURRENT_WRITERS}) or one changed.
 */
public final class IngestBenchmark {
  /** Parquet settings tried one at a time over ingest's own. */
  private static final Map<String, Map<String, String>> PARQUET_SETTINGS = parquetSettings();

  private final SparkSession spark;
  private final List<String> inputs;
  private final String workDirectory;
  private final int iterations;

  /**
   * @param spark the session to run in
   * @param inputs captures (files, directories, globs)
   * @param workDirectory where the lakes are written; emptied before each run
   * @param iterations measured runs per variant (after one warm-up run of each)
   */
  public IngestBenchmark(
      SparkSession spark, List<String> inputs, String workDirectory, int iterations) {
    this.spark = requireNonNull(spark, "spark is null");
    this.inputs = List.copyOf(inputs);
    this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive: " + iterations);
    }
    this.iterations = iterations;
  }

  /**
   * One measured variant: wall seconds and the CPU seconds the whole process used in the same runs
   * (in local mode the executors are this process). On a machine shared with other work, CPU time
   * moves much less than wall time, so it compares variants better.
   */
  public record Result(
      String name, long packets, long bytes, double[] seconds, double[] cpuSeconds) {
    public double medianSeconds() {
      return median(seconds);
    }

    public double medianCpuSeconds() {
      return median(cpuSeconds);
    }

    public double packetsPerSecond(double time) {
      return packets / time;
    }

    private static double median(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int middle = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
  }

  /** One way of ingesting, run on an emptied lake. */
  @FunctionalInterface
  private interface Variant {
    void run(Lake lake) throws Exception;
  }

  /** The variants to measure, by name; {@code names} empty means all. */
  public List<Result> run(PrintWriter out, Set<String> names) throws Exception {
    List<CaptureFile> captures = captures();
    long bytes = captures.stream().mapToLong(CaptureFile::size).sum();
    IngestConfig config = IngestConfig.defaults(inputs, new Lake(workDirectory));
    Map<String, Variant> variants = selected(variants(config, captures), names);
    // Counted by the source without decoding (no column is needed).
    long packets = reader(config, captures).load().count();
    Timings timings = measure(variants);
    List<Result> results = new ArrayList<>();
    for (String name : variants.keySet()) {
      Result result =
          new Result(
              name, packets, bytes, timings.seconds().get(name), timings.cpuSeconds().get(name));
      results.add(result);
      print(out, result, results.get(0));
    }
    return results;
  }

  private List<CaptureFile> captures() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<CaptureFile> captures = CaptureInputs.resolve(conf, inputs).captures();
    if (captures.isEmpty()) {
      throw new IllegalArgumentException("Cannot benchmark ingest: no captures in " + inputs);
    }
    return captures;
  }

  /** Every variant, in the order they are printed: ingest first, the baseline of the ratios. */
  private Map<String, Variant> variants(IngestConfig config, List<CaptureFile> captures) {
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("pcap source (ingest)", lake -> ingest(config, lake));
    variants.put("pcap source -> noop", lake -> noop(reader(config, captures).load()));
    variants.putAll(writeVariants(config, captures));
    variants.put(
        "source, 1 read-back",
        lake -> {
          write(reader(config, captures).load(), lake, Map.of(), IngestJob.CONCURRENT_WRITERS);
          readBack(lake, captures);
        });
    return variants;
  }

  /**
   * Each write lever alone, all without the status counts: the write sorted by partition first
   * ("sorted write"), then concurrent writers, then each Parquet setting on top of concurrent
   * writers, then the session and scan settings that touch the write.
   */
  private Map<String, Variant> writeVariants(IngestConfig config, List<CaptureFile> captures) {
    int writers = IngestJob.CONCURRENT_WRITERS;
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("sorted write", lake -> write(reader(config, captures).load(), lake, Map.of(), 0));
    variants.put(
        "concurrent writers",
        lake -> write(reader(config, captures).load(), lake, Map.of(), writers));
    for (Map.Entry<String, Map<String, String>> setting : PARQUET_SETTINGS.entrySet()) {
      variants.put(
          "writers, " + setting.getKey(),
          lake -> write(reader(config, captures).load(), lake, setting.getValue(), writers));
    }
    variants.put(
        "writers, dictionary everywhere",
        lake -> {
          Map<String, String> options = new HashMap<>(IngestJob.PARQUET_OPTIONS);
          options.keySet().removeIf(key -> key.startsWith("parquet.enable.dictionary#"));
          IngestJob.write(reader(config, captures).load(), lake, options, writers);
        });
    variants.put(
        "writers, timestamp micros",
        lake ->
            SparkSessions.withSetting(
                spark,
                "spark.sql.parquet.outputTimestampType",
                "TIMESTAMP_MICROS",
                () -> write(reader(config, captures).load(), lake, Map.of(), writers)));
    variants.put(
        "writers, 128 MiB splits",
        lake ->
            write(
                reader(config, captures)
                    .option("maxSplitBytes", Integer.toString(128 << 20))
                    .load(),
                lake,
                Map.of(),
                writers));
    return variants;
  }

  private static Map<String, Map<String, String>> parquetSettings() {
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    settings.put("snappy", Map.of("compression", "snappy"));
    settings.put("lz4_raw", Map.of("compression", "lz4_raw"));
    settings.put("uncompressed", Map.of("compression", "none"));
    settings.put("zstd level 1", Map.of("parquet.compression.codec.zstd.level", "1"));
    settings.put("dictionary off", Map.of("parquet.enable.dictionary", "false"));
    settings.put("writer v2", Map.of("parquet.writer.version", "v2"));
    settings.put("page 4 MiB", Map.of("parquet.page.size", Integer.toString(4 << 20)));
    settings.put("row group 512 MiB", Map.of("parquet.block.size", Integer.toString(512 << 20)));
    return settings;
  }

  /** The variants whose names start with one of {@code names}; all when it is empty. */
  private static Map<String, Variant> selected(Map<String, Variant> variants, Set<String> names) {
    Map<String, Variant> selected = new LinkedHashMap<>(variants);
    selected
        .keySet()
        .removeIf(name -> !names.isEmpty() && names.stream().noneMatch(name::startsWith));
    return selected;
  }

  /** Wall and CPU seconds of every measured run, per variant. */
  private record Timings(Map<String, double[]> seconds, Map<String, double[]> cpuSeconds) {}

  /**
   * Runs every variant once to warm up, then {@code iterations} measured rounds. Rounds go over
   * every variant in turn, so that the JIT warming up and the machine's load changing over the run
   * spread over all variants alike. Each run writes to an emptied lake.
   */
  private Timings measure(Map<String, Variant> variants) throws Exception {
    Map<String, double[]> seconds = new LinkedHashMap<>();
    Map<String, double[]> cpuSeconds = new LinkedHashMap<>();
    for (String name : variants.keySet()) {
      seconds.put(name, new double[iterations]);
      cpuSeconds.put(name, new double[iterations]);
    }
    for (int round = -1; round < iterations; round++) {
      for (Map.Entry<String, Variant> variant : variants.entrySet()) {
        Lake lake = new Lake(workDirectory + "/lake");
        delete(lake.root());
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        variant.getValue().run(lake);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        if (round >= 0) {
          seconds.get(variant.getKey())[round] = elapsed;
          cpuSeconds.get(variant.getKey())[round] = cpu;
        }
      }
    }
    return new Timings(seconds, cpuSeconds);
  }

  private static void print(PrintWriter out, Result result, Result baseline) {
    if (result == baseline) {
      out.printf(
          "%-32s %10s %12s %12s %12s %8s %8s %8s %12s %8s%n",
          "variant",
          "packets",
          "median p/s",
          "min p/s",
          "max p/s",
          "MB/s",
          "x first",
          "CPU s",
          "p/CPU s",
          "x first");
    }
    double median = result.medianSeconds();
    double slowest = Arrays.stream(result.seconds()).max().orElse(median);
    double fastest = Arrays.stream(result.seconds()).min().orElse(median);
    double cpu = result.medianCpuSeconds();
    out.printf(
        "%-32s %,10d %,12.0f %,12.0f %,12.0f %8.1f %8.2f %8.1f %,12.0f %8.2f%n",
        result.name(),
        result.packets(),
        result.packetsPerSecond(median),
        result.packetsPerSecond(slowest),
        result.packetsPerSecond(fastest),
        result.bytes() / median / 1e6,
        baseline.medianSeconds() / median,
        cpu,
        result.packetsPerSecond(cpu),
        baseline.medianCpuSeconds() / cpu);
    out.flush();
  }

  /** CPU time of the whole process (all threads, JIT and GC included), -1 if not available. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private IngestResult ingest(IngestConfig config, Lake lake) throws IOException {
    IngestConfig onLake =
        new IngestConfig(
            config.inputs(), lake, config.skipBadFiles(), config.maxRecordBytes(), config.split());
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "bench", Instant.now());
    return IngestJob.run(spark, onLake, ledger);
  }

  /** The {@code pcap} source's reader of the captures, as ingest reads them. */
  private DataFrameReader reader(IngestConfig config, List<CaptureFile> captures) {
    return IngestJob.reader(spark, config, captures);
  }

  /** The status counts read back from the written table, in one aggregation. */
  private void readBack(Lake lake, List<CaptureFile> captures) {
    List<String> ids = captures.stream().map(CaptureFile::captureId).toList();
    spark
        .read()
        .parquet(lake.table(PacketTable.NAME))
        .where(col(PacketTable.CAPTURE_ID).isInCollection(ids))
        .groupBy(col("frame_status"), col("decode_status"))
        .count()
        .collectAsList();
  }

  private static void noop(Dataset<Row> packets) {
    packets.write().format("noop").mode(SaveMode.Overwrite).save();
  }

  /** Ingest's write with these options over ingest's Parquet options. */
  private static void write(
      Dataset<Row> packets, Lake lake, Map<String, String> options, int concurrentWriters) {
    Map<String, String> all = new HashMap<>(IngestJob.PARQUET_OPTIONS);
    all.putAll(options);
    IngestJob.write(packets, lake, all, concurrentWriters);
  }

  private void delete(String path) throws IOException {
    Path directory = new Path(path);
    FileSystem fileSystem = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fileSystem.delete(directory, true);
  }
}
