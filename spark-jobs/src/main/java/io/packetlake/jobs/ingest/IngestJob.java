package io.packetlake.jobs.ingest;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.CaptureInputs;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.source.PcapDataSource;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.hadoop.SplitBoundaryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads captures through the {@code pcap} data source ({@link PcapDataSource}) and writes the
 * {@code packets} table.
 *
 * <p>The table is partitioned by UTC {@code date} and {@code capture_id} and written with dynamic
 * partition overwrite: a run replaces exactly the (date, capture) partitions it produces. Reading
 * the same capture again therefore leaves the same rows; another capture of the same day adds its
 * own partition next to the day's others. Spark stages the files under a hidden directory and moves
 * them into place when the job commits, so readers never see a failed run's files.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  public static IngestResult run(SparkSession spark, IngestConfig config, RunLedger ledger)
      throws IOException {
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    CaptureInputs.Resolved resolved = CaptureInputs.resolve(hadoopConf, config.inputs());
    for (Map.Entry<String, String> rejected : resolved.rejected().entrySet()) {
      if (!config.skipBadFiles()) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot ingest %s: %s (use --skip-bad-files to skip unreadable inputs)",
                rejected.getKey(), rejected.getValue()));
      }
      LOG.warn("Skipping {}: {}", rejected.getKey(), rejected.getValue());
      ledger.addSkippedInput(rejected.getKey(), rejected.getValue());
    }
    for (Map.Entry<String, String> duplicate : resolved.duplicates().entrySet()) {
      LOG.warn("Skipping {}: the same capture as {}", duplicate.getKey(), duplicate.getValue());
      ledger.addSkippedInput(duplicate.getKey(), "the same capture as " + duplicate.getValue());
    }
    List<CaptureFile> captures = new ArrayList<>(resolved.captures());
    Map<String, String> skipped = new LinkedHashMap<>(resolved.rejected());
    captures.forEach(ledger::addInput);
    if (captures.isEmpty()) {
      LOG.warn("No readable captures among {}", config.inputs());
      return new IngestResult(captures, resolved.rejected(), 0, Map.of(), Map.of());
    }
    long bytes = captures.stream().mapToLong(CaptureFile::size).sum();
    LOG.info(
        "Ingesting {} capture(s), {} bytes, into {}",
        captures.size(),
        bytes,
        config.lake().table(PacketTable.NAME));

    // A capture whose split boundaries turn out inconsistent (damaged record lengths) fails the
    // write before anything is committed; it is then read again unsplit, which is always safe.
    Set<String> unsplit = new LinkedHashSet<>();
    StatusCounts counts;
    while (true) {
      // A new observation per attempt: a failed attempt's counts are never read.
      Observation observation = StatusCounts.observation();
      Dataset<Row> packets =
          StatusCounts.observe(packets(spark, config, captures, unsplit), observation);
      try {
        write(packets, config.lake());
        counts = StatusCounts.of(observation);
        break;
      } catch (Exception e) {
        // Spark throws its checked SparkException undeclared: catch Exception, rethrow as is.
        SplitFailure inconsistent = readFailure(e, SplitBoundaryException.class);
        if (inconsistent != null && unsplit.add(inconsistent.source())) {
          LOG.warn("Reading {} unsplit: {}", inconsistent.source(), inconsistent.message());
          ledger.addUnsplitInput(inconsistent.source(), inconsistent.message());
          continue;
        }
        // A capture damaged after its header, with corrupt regions failing the read: with
        // --skip-bad-files it is dropped like a bad header, and the others written again.
        SplitFailure corrupt =
            config.skipBadFiles() ? readFailure(e, CorruptCaptureException.class) : null;
        if (corrupt == null
            || !captures.removeIf(capture -> capture.path().equals(corrupt.source()))) {
          throw e;
        }
        LOG.warn("Skipping {}: {}", corrupt.source(), corrupt.message());
        ledger.removeInput(corrupt.source());
        ledger.addSkippedInput(corrupt.source(), corrupt.message());
        skipped.put(corrupt.source(), corrupt.message());
        if (captures.isEmpty()) {
          LOG.warn("No readable captures among {}", config.inputs());
          return new IngestResult(List.of(), skipped, 0, Map.of(), Map.of());
        }
      }
    }

    Map<String, Long> frameCounts = counts.frameStatus();
    Map<String, Long> decodeCounts = counts.decodeStatus();
    long rows = counts.rows();
    ledger.rowsWritten(PacketTable.NAME, rows);
    ledger.frameStatusCounts(frameCounts);
    ledger.decodeStatusCounts(decodeCounts);
    return new IngestResult(List.copyOf(captures), skipped, rows, frameCounts, decodeCounts);
  }

  /**
   * Parquet settings of the packets table, chosen from a profile of ingest (docs/ARCHITECTURE.md,
   * "Ingest throughput") and set on the write itself so that they hold whatever the session says.
   * zstd: compression is under 1% of the write's time, and zstd files are smaller than snappy's.
   * Dictionary encoding stays on for the columns that repeat (addresses, ports, statuses) and is
   * off for the nearly unique ones, where Parquet would build a dictionary for every page only to
   * fall back to plain encoding.
   */
  public static final Map<String, String> PARQUET_OPTIONS =
      Map.of(
          "compression", "zstd",
          "parquet.enable.dictionary#record_offset", "false",
          "parquet.enable.dictionary#timestamp", "false",
          "parquet.enable.dictionary#timestamp_ns", "false",
          "parquet.enable.dictionary#tcp_seq", "false",
          "parquet.enable.dictionary#tcp_ack", "false");

  /**
   * Open Parquet writers per write task. Rows of one split belong to one capture and, as captures
   * are in time order, to one or two dates: with a writer open per (date, capture) partition the
   * rows are written as they come, instead of Spark's local sort by (date, capture_id) that would
   * otherwise come first (docs/ARCHITECTURE.md, "Ingest throughput"). A task that meets more
   * partitions than this sorts the rest of its rows and writes them one partition after the other,
   * as without the setting: correct for any input, only slower.
   */
  public static final int CONCURRENT_WRITERS = 8;

  /** The session setting behind {@link #CONCURRENT_WRITERS}; Spark reads it while planning. */
  public static final String CONCURRENT_WRITERS_KEY = "spark.sql.maxConcurrentOutputFileWriters";

  /** Writes the packets, replacing the (date, capture) partitions they fall in. */
  public static void write(Dataset<Row> packets, Lake lake) {
    write(packets, lake, PARQUET_OPTIONS, CONCURRENT_WRITERS);
  }

  /**
   * Writes the packets with these Parquet options and at most {@code concurrentWriters} open files
   * per task (0: sort first, Spark's default). Spark takes the number of writers from the session,
   * not from the write's options, so it is set on the session for the duration of the write and put
   * back afterwards.
   */
  public static void write(
      Dataset<Row> packets, Lake lake, Map<String, String> parquetOptions, int concurrentWriters) {
    if (concurrentWriters < 0) {
      throw new IllegalArgumentException(
          "Cannot write packets: concurrentWriters is negative: " + concurrentWriters);
    }
    SparkSessions.withSetting(
        packets.sparkSession(),
        CONCURRENT_WRITERS_KEY,
        Integer.toString(concurrentWriters),
        () ->
            packets
                .write()
                .mode(SaveMode.Overwrite)
                .options(parquetOptions)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(PacketTable.DATE, PacketTable.CAPTURE_ID)
                .parquet(lake.table(PacketTable.NAME)));
  }

  /**
   * The decoded packets of the captures, with the packets table's schema, read through the {@code
   * pcap} data source ({@link PcapDataSource}) with the capture ids already computed.
   */
  public static Dataset<Row> packets(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures, Set<String> unsplit) {
    return reader(spark, config, captures).option("unsplitPaths", String.join(",", unsplit)).load();
  }

  /** The {@code pcap} source's reader of the captures, set up as ingest reads them. */
  public static DataFrameReader reader(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures) {
    return spark
        .read()
        .format(PcapDataSource.SHORT_NAME)
        .options(PcapDataSource.captureOptions(captures))
        .option("maxRecordBytes", config.maxRecordBytes())
        .option("split", config.split());
  }

  /** A capture whose reading failed (inconsistent splits, a corrupt region), with the reason. */
  private record SplitFailure(String source, String message) {}

  /**
   * The capture a failed job died of, when it died of a {@code type} exception (a split
   * inconsistency, a corrupt region with corrupt regions failing the read), with the message that
   * names file and offset. On the driver the exception is found by type; from a task, Spark hands
   * the driver the failure as text inside its own exception, so the message is what is read.
   */
  private static SplitFailure readFailure(
      Throwable failure, Class<? extends CorruptCaptureException> type) {
    Pattern text =
        Pattern.compile(
            Pattern.quote(type.getName())
                + ": (Cannot read capture (.+?) at offset \\d+: [^\\n]*)");
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        CorruptCaptureException corrupt = (CorruptCaptureException) cause;
        return new SplitFailure(corrupt.source(), corrupt.getMessage());
      }
      Matcher matcher = text.matcher(String.valueOf(cause.getMessage()));
      if (matcher.find()) {
        return new SplitFailure(matcher.group(2), matcher.group(1));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
