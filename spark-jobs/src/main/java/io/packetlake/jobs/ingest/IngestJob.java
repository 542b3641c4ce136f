package io.packetlake.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.application.ApplicationPass;
import io.packetlake.jobs.application.ApplicationResult;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.CaptureInputs;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.CaptureReadException;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.source.PcapDataSource;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
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

  /** The stage's name: its command, and its group of settings in the run ledger. */
  public static final String STAGE_NAME = "ingest";

  /** The ledger group of what the application-layer pass examined, left out and found. */
  public static final String APPLICATION_LAYER = "application_layer";

  private IngestJob() {}

  /**
   * Ingests the inputs of {@code config}: resolves them to captures, skips or rejects the ones that
   * are not readable captures, writes the rest and records in {@code ledger} what was read, skipped
   * and written.
   */
  public static IngestResult run(SparkSession spark, IngestConfig config, RunLedger ledger)
      throws IOException {
    ledger.settings(STAGE_NAME, settings(config, spark.sparkContext().hadoopConfiguration()));
    CaptureInputs.Resolved resolved =
        CaptureInputs.resolve(spark.sparkContext().hadoopConfiguration(), config.inputs());
    Selection selection = new Selection(config, ledger);
    selection.skipRejected(resolved.rejected());
    selection.skipDuplicates(resolved.duplicates());
    selection.read(resolved.captures());
    Optional<StatusCounts> counts = writeCaptures(spark, config, selection);
    if (counts.isEmpty()) {
      LOG.warn("No readable captures among {}", config.inputs());
      return new IngestResult(
          List.of(), selection.skipped(), 0, Map.of(), Map.of(), ApplicationResult.NONE);
    }
    StatusCounts written = counts.get();
    ledger.rowsWritten(PacketTable.NAME, written.rows());
    ledger.frameStatusCounts(written.frameStatus());
    ledger.decodeStatusCounts(written.decodeStatus());
    ApplicationResult application =
        ApplicationPass.run(
            reader(spark, config, selection.captures())
                .option("unsplitPaths", String.join(",", selection.unsplit())),
            config.lake(),
            config.applicationLayer());
    if (config.applicationLayer().enabled()) {
      ledger.rowsWritten(DnsTable.NAME, application.dnsRows());
      ledger.counts(APPLICATION_LAYER, application.ledgerEntry());
    }
    return new IngestResult(
        selection.captures(),
        selection.skipped(),
        written.rows(),
        written.frameStatus(),
        written.decodeStatus(),
        application);
  }

  /**
   * What shapes the packets a run writes besides its captures, as its ledger entry records it: how
   * the reader frames records (the run's max record bytes over the reader keys of {@code conf}, as
   * the {@code pcap} source applies them), what it does with corrupt regions, bad files and splits,
   * and the Parquet options of the write.
   */
  static Map<String, Object> settings(IngestConfig config, Configuration conf) {
    FramingOptions framing =
        PcapInputConfig.framingOptions(conf).withMaxRecordBytes(config.maxRecordBytes());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("max_record_bytes", framing.maxRecordBytes());
    settings.put("sync_chain_length", framing.syncChainLength());
    settings.put("max_timestamp_gap_seconds", framing.maxTimestampGapSeconds());
    settings.put("corrupt_regions", framing.skipCorruptRegions() ? "skip" : "fail");
    settings.put("split", config.split());
    settings.put("skip_bad_files", config.skipBadFiles());
    settings.put("parquet_options", new TreeMap<>(PARQUET_OPTIONS));
    settings.put("application_layer", config.applicationLayer().enabled());
    settings.put("max_stream_bytes", config.applicationLayer().maxStreamBytes());
    return settings;
  }

  /**
   * Writes the selected captures, and again after a failure that names a capture the selection can
   * deal with: a capture whose split boundaries turn out inconsistent (damaged record lengths)
   * fails the write before anything is committed, and is then read unsplit, which is always safe; a
   * corrupt capture is dropped with --skip-bad-files. Empty when no capture is left to write.
   */
  private static Optional<StatusCounts> writeCaptures(
      SparkSession spark, IngestConfig config, Selection selection) {
    while (!selection.captures().isEmpty()) {
      LOG.info(
          "Ingesting {} capture(s), {} bytes, into {}",
          selection.captures().size(),
          selection.captures().stream().mapToLong(CaptureFile::size).sum(),
          config.lake().table(PacketTable.NAME));
      // A new observation per attempt: a failed attempt's counts are never read.
      Observation observation = StatusCounts.observation();
      Dataset<Row> packets =
          StatusCounts.observe(
              packets(spark, config, selection.captures(), selection.unsplit()), observation);
      try {
        write(packets, config.lake());
        return Optional.of(StatusCounts.of(observation));
      } catch (Exception e) {
        // Spark throws its checked SparkException undeclared: catch Exception, rethrow as is.
        Optional<CaptureReadException> failure = CaptureReadException.in(e);
        if (failure.isEmpty() || !selection.recover(failure.get())) {
          throw e;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The captures a run reads, in what form, and the inputs it skips; every change is recorded in
   * the run's ledger as it is made.
   */
  private static final class Selection {
    private final IngestConfig config;
    private final RunLedger ledger;
    private final List<CaptureFile> captures = new ArrayList<>();
    private final Set<String> unsplit = new LinkedHashSet<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    Selection(IngestConfig config, RunLedger ledger) {
      this.config = requireNonNull(config, "config is null");
      this.ledger = requireNonNull(ledger, "ledger is null");
    }

    /** Skips the inputs that are not readable captures, or fails without --skip-bad-files. */
    void skipRejected(Map<String, String> rejected) {
      for (Map.Entry<String, String> input : rejected.entrySet()) {
        if (!config.skipBadFiles()) {
          throw new IllegalArgumentException(
              String.format(
                  "Cannot ingest %s: %s (use --skip-bad-files to skip unreadable inputs)",
                  input.getKey(), input.getValue()));
        }
        skip(input.getKey(), input.getValue());
      }
    }

    /** Skips the files that hold the same capture as another input. */
    void skipDuplicates(Map<String, String> duplicates) {
      for (Map.Entry<String, String> duplicate : duplicates.entrySet()) {
        String reason = "the same capture as " + duplicate.getValue();
        LOG.warn("Skipping {}: {}", duplicate.getKey(), reason);
        ledger.addSkippedInput(duplicate.getKey(), reason);
      }
    }

    void read(List<CaptureFile> readable) {
      captures.addAll(readable);
      readable.forEach(ledger::addInput);
    }

    /**
     * Changes the selection so that a write that died of {@code failure} can be tried again: reads
     * its capture unsplit when the splits were inconsistent, or drops it when it is corrupt and bad
     * files are skipped. False when nothing can be done: the failure stands.
     */
    boolean recover(CaptureReadException failure) {
      String capture = failure.capture();
      if (failure.kind() == CaptureReadException.Kind.INCONSISTENT_SPLITS && unsplit.add(capture)) {
        LOG.warn("Reading {} unsplit: {}", capture, failure.getMessage());
        ledger.addUnsplitInput(capture, failure.getMessage());
        return true;
      }
      boolean damaged = failure.kind() != CaptureReadException.Kind.READ_FAILURE;
      if (damaged
          && config.skipBadFiles()
          && captures.removeIf(file -> file.path().equals(capture))) {
        ledger.removeInput(capture);
        skip(capture, failure.getMessage());
        return true;
      }
      return false;
    }

    List<CaptureFile> captures() {
      return List.copyOf(captures);
    }

    Set<String> unsplit() {
      return Set.copyOf(unsplit);
    }

    Map<String, String> skipped() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    private void skip(String input, String reason) {
      LOG.warn("Skipping {}: {}", input, reason);
      ledger.addSkippedInput(input, reason);
      skipped.put(input, reason);
    }
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
          "parquet.enable.dictionary#packet_time_ns", "false",
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
  private static void write(Dataset<Row> packets, Lake lake) {
    write(packets, lake, PARQUET_OPTIONS, CONCURRENT_WRITERS);
  }

  /**
   * Writes the packets with these Parquet options and at most {@code concurrentWriters} open files
   * per task (0: sort first, Spark's default). Spark takes the number of writers from the session,
   * not from the write's options, so it is set on the session for the duration of the write and put
   * back afterwards. Public so that the ingest benchmark measures this write with other settings.
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
            PartitionOverwrite.write(
                packets,
                lake.table(PacketTable.NAME),
                PacketTable.CATALOG.partitionColumns(),
                parquetOptions));
  }

  /**
   * The decoded packets of the captures, with the packets table's schema, read through the {@code
   * pcap} data source ({@link PcapDataSource}) with the capture ids already computed.
   */
  private static Dataset<Row> packets(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures, Set<String> unsplit) {
    return reader(spark, config, captures).option("unsplitPaths", String.join(",", unsplit)).load();
  }

  /**
   * The {@code pcap} source's reader of the captures, set up as ingest reads them. Public so that
   * the ingest benchmark reads the captures the same way.
   */
  public static DataFrameReader reader(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures) {
    return spark
        .read()
        .format(PcapDataSource.SHORT_NAME)
        .options(PcapDataSource.captureOptions(captures))
        .option("maxRecordBytes", config.maxRecordBytes())
        .option("split", config.split());
  }
}
