package io.packetlake.jobs.bench;

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
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.hadoop.PacketWritable;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import io.packetlake.pcap.hadoop.PcapInputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest throughput, side by side in one session: the row-based path ingest used before the {@code
 * pcap} data source (Hadoop RDD, one external {@code Row} per packet, two read-back group-bys for
 * the status counts), today's {@link IngestJob#run}, the scan alone into Spark's {@code noop} sink,
 * and one row per lever ingest's choices were made from: the sort before the partitioned write
 * against concurrent writers, then each Parquet setting on top of concurrent writers. Prints wall
 * time (median, min and max) and the process's CPU time of each; nothing here is asserted.
 */
public final class IngestBenchmark {
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

  @FunctionalInterface
  private interface Variant {
    void run(Lake lake) throws Exception;

    @FunctionalInterface
    interface Body {
      void run() throws Exception;
    }
  }

  /** The variants to measure, by name; {@code names} empty means all. */
  public List<Result> run(PrintWriter out, Set<String> names) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<CaptureFile> captures = CaptureInputs.resolve(conf, inputs).captures();
    if (captures.isEmpty()) {
      throw new IllegalArgumentException("Cannot benchmark ingest: no captures in " + inputs);
    }
    long bytes = captures.stream().mapToLong(CaptureFile::size).sum();
    IngestConfig config =
        new IngestConfig(
            inputs, new Lake(workDirectory), false, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true);

    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("rdd rows (before)", lake -> legacyIngest(config, captures, lake));
    variants.put("pcap source (ingest)", lake -> ingest(config, lake));
    variants.put(
        "rdd rows -> noop", lake -> noop(legacyPackets(spark, config, captures, Set.of())));
    variants.put(
        "pcap source -> noop", lake -> noop(IngestJob.packets(spark, config, captures, Set.of())));
    // Each lever alone, all without the status counts: the Parquet writes as they were before
    // concurrent writers ("sorted write"), then concurrent writers, then each Parquet setting on
    // top of concurrent writers.
    int writers = IngestJob.CONCURRENT_WRITERS;
    variants.put(
        "sorted write",
        lake -> write(IngestJob.packets(spark, config, captures, Set.of()), lake, Map.of(), 0));
    variants.put(
        "concurrent writers",
        lake ->
            write(IngestJob.packets(spark, config, captures, Set.of()), lake, Map.of(), writers));
    Map<String, Map<String, String>> parquet = new LinkedHashMap<>();
    parquet.put("snappy", Map.of("compression", "snappy"));
    parquet.put("lz4_raw", Map.of("compression", "lz4_raw"));
    parquet.put("uncompressed", Map.of("compression", "none"));
    parquet.put("zstd level 1", Map.of("parquet.compression.codec.zstd.level", "1"));
    parquet.put("dictionary off", Map.of("parquet.enable.dictionary", "false"));
    parquet.put("writer v2", Map.of("parquet.writer.version", "v2"));
    parquet.put("page 4 MiB", Map.of("parquet.page.size", Integer.toString(4 << 20)));
    parquet.put("row group 512 MiB", Map.of("parquet.block.size", Integer.toString(512 << 20)));
    for (Map.Entry<String, Map<String, String>> setting : parquet.entrySet()) {
      variants.put(
          "writers, " + setting.getKey(),
          lake ->
              write(
                  IngestJob.packets(spark, config, captures, Set.of()),
                  lake,
                  setting.getValue(),
                  writers));
    }
    variants.put(
        "writers, dictionary everywhere",
        lake -> {
          Map<String, String> options = new HashMap<>(IngestJob.PARQUET_OPTIONS);
          options.keySet().removeIf(key -> key.startsWith("parquet.enable.dictionary#"));
          IngestJob.write(
              IngestJob.packets(spark, config, captures, Set.of()), lake, options, writers);
        });
    variants.put(
        "writers, timestamp micros",
        lake ->
            SparkSessions.withSetting(
                spark,
                "spark.sql.parquet.outputTimestampType",
                "TIMESTAMP_MICROS",
                () ->
                    write(
                        IngestJob.packets(spark, config, captures, Set.of()),
                        lake,
                        Map.of(),
                        writers)));
    variants.put(
        "writers, 128 MiB splits",
        lake ->
            write(
                IngestJob.reader(spark, config, captures)
                    .option("maxSplitBytes", Integer.toString(128 << 20))
                    .load(),
                lake,
                Map.of(),
                writers));
    variants.put(
        "source, 1 read-back",
        lake -> {
          write(IngestJob.packets(spark, config, captures, Set.of()), lake, Map.of(), writers);
          readBack(lake, captures, true);
        });

    variants
        .keySet()
        .removeIf(name -> !names.isEmpty() && names.stream().noneMatch(name::startsWith));
    // Rounds go over every variant in turn (one warm-up round first), so that the JIT warming up
    // and the machine's load changing over the run spread over all variants alike.
    Map<String, double[]> seconds = new LinkedHashMap<>();
    Map<String, double[]> cpuSeconds = new LinkedHashMap<>();
    // Counted by the source without decoding (no column is needed).
    long packets = IngestJob.packets(spark, config, captures, Set.of()).count();
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
          seconds.computeIfAbsent(variant.getKey(), name -> new double[iterations])[round] =
              elapsed;
          cpuSeconds.computeIfAbsent(variant.getKey(), name -> new double[iterations])[round] = cpu;
        }
      }
    }
    List<Result> results = new ArrayList<>();
    for (String name : variants.keySet()) {
      Result result =
          new Result(name, Math.max(packets, 0), bytes, seconds.get(name), cpuSeconds.get(name));
      results.add(result);
      print(out, result, results.get(0));
    }
    return results;
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

  private void legacyIngest(IngestConfig config, List<CaptureFile> captures, Lake lake)
      throws IOException {
    // The settings of that time: the session's zstd, Parquet's defaults otherwise.
    writeOnly(
        legacyPackets(spark, config, captures, Set.of()), lake, Map.of("compression", "zstd"));
    readBack(lake, captures, false);
  }

  private void readBack(Lake lake, List<CaptureFile> captures, boolean once) {
    List<String> ids = captures.stream().map(CaptureFile::captureId).toList();
    Dataset<Row> written =
        spark
            .read()
            .parquet(lake.table(PacketTable.NAME))
            .where(col(PacketTable.CAPTURE_ID).isInCollection(ids));
    if (once) {
      written.groupBy(col("frame_status"), col("decode_status")).count().collectAsList();
    } else {
      written.groupBy(col("frame_status")).count().collectAsList();
      written.groupBy(col("decode_status")).count().collectAsList();
    }
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

  /** A write with these options only, none of ingest's. */
  private static void writeOnly(Dataset<Row> packets, Lake lake, Map<String, String> options) {
    packets
        .write()
        .mode(SaveMode.Overwrite)
        .options(options)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(PacketTable.DATE, PacketTable.CAPTURE_ID)
        .parquet(lake.table(PacketTable.NAME));
  }

  private void delete(String path) throws IOException {
    Path directory = new Path(path);
    FileSystem fileSystem = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fileSystem.delete(directory, true);
  }

  /** Ingest's reading path before the {@code pcap} data source, kept as the baseline. */
  static Dataset<Row> legacyPackets(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures, Set<String> unsplit)
      throws IOException {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
    Configuration conf = job.getConfiguration();
    conf.setInt(PcapInputConfig.MAX_RECORD_BYTES, config.maxRecordBytes());
    conf.setBoolean(PcapInputConfig.SPLIT, config.split());
    conf.setStrings(PcapInputConfig.UNSPLIT_PATHS, unsplit.toArray(String[]::new));
    FileInputFormat.setInputPaths(
        job, captures.stream().map(capture -> new Path(capture.path())).toArray(Path[]::new));
    Map<String, String> idsBySource = new HashMap<>();
    for (CaptureFile capture : captures) {
      idsBySource.put(capture.path(), capture.captureId());
    }
    Broadcast<Map<String, String>> ids = context.broadcast(idsBySource);
    JavaRDD<Row> rows =
        context
            .newAPIHadoopRDD(conf, PcapInputFormat.class, LongWritable.class, PacketWritable.class)
            .mapPartitions(records -> legacyDecode(records, ids.value()));
    return spark.createDataFrame(rows, PacketTable.SCHEMA);
  }

  private static Iterator<Row> legacyDecode(
      Iterator<scala.Tuple2<LongWritable, PacketWritable>> records, Map<String, String> ids) {
    PacketDecoder decoder = new PacketDecoder();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        PacketRecord record = records.next()._2().get();
        PacketHeaders headers =
            record.status() == FrameStatus.OK || record.status() == FrameStatus.TRUNCATED
                ? decoder.decode(record.linkType(), record.data(), record.originalLength())
                : null;
        return PacketTable.toRow(record, headers, ids.get(record.source()));
      }
    };
  }
}
