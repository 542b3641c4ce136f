package io.packetlake.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.CaptureInputs;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.hadoop.PacketWritable;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import io.packetlake.pcap.hadoop.PcapInputFormat;
import io.packetlake.pcap.hadoop.SplitBoundaryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads captures through {@link PcapInputFormat}, decodes every record and writes the {@code
 * packets} table.
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
    List<CaptureFile> captures = resolved.captures();
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
    while (true) {
      Dataset<Row> packets = packets(spark, config, captures, unsplit);
      try {
        packets
            .write()
            .mode(SaveMode.Overwrite)
            .option("partitionOverwriteMode", "dynamic")
            .partitionBy(PacketTable.DATE, PacketTable.CAPTURE_ID)
            .parquet(config.lake().table(PacketTable.NAME));
        break;
      } catch (Exception e) {
        // Spark throws its checked SparkException undeclared: catch Exception, rethrow as is.
        SplitFailure inconsistent = splitBoundaryFailure(e);
        if (inconsistent == null || !unsplit.add(inconsistent.source())) {
          throw e;
        }
        LOG.warn("Reading {} unsplit: {}", inconsistent.source(), inconsistent.message());
        ledger.addUnsplitInput(inconsistent.source(), inconsistent.message());
      }
    }

    List<String> ids = captures.stream().map(CaptureFile::captureId).toList();
    Dataset<Row> written =
        spark
            .read()
            .parquet(config.lake().table(PacketTable.NAME))
            .where(col(PacketTable.CAPTURE_ID).isInCollection(ids));
    Map<String, Long> frameCounts = counts(written, "frame_status");
    Map<String, Long> decodeCounts = counts(written, "decode_status");
    long rows = frameCounts.values().stream().mapToLong(Long::longValue).sum();
    ledger.rowsWritten(PacketTable.NAME, rows);
    ledger.frameStatusCounts(frameCounts);
    ledger.decodeStatusCounts(decodeCounts);
    return new IngestResult(captures, resolved.rejected(), rows, frameCounts, decodeCounts);
  }

  /** The decoded packets of the captures, with the packets table's schema. */
  public static Dataset<Row> packets(
      SparkSession spark, IngestConfig config, List<CaptureFile> captures, Set<String> unsplit)
      throws IOException {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
    Configuration conf = job.getConfiguration();
    conf.setInt(PcapInputConfig.MAX_RECORD_BYTES, config.maxRecordBytes());
    conf.setBoolean(PcapInputConfig.SPLIT, config.split());
    conf.setStrings(PcapInputConfig.UNSPLIT_PATHS, unsplit.toArray(String[]::new));
    Path[] paths = captures.stream().map(capture -> new Path(capture.path())).toArray(Path[]::new);
    FileInputFormat.setInputPaths(job, paths);

    Map<String, String> idsBySource = new HashMap<>();
    for (CaptureFile capture : captures) {
      idsBySource.put(capture.path(), capture.captureId());
    }
    Broadcast<Map<String, String>> ids = context.broadcast(idsBySource);
    JavaRDD<Row> rows =
        context
            .newAPIHadoopRDD(conf, PcapInputFormat.class, LongWritable.class, PacketWritable.class)
            .mapPartitions(records -> decode(records, ids.value()));
    return spark.createDataFrame(rows, PacketTable.SCHEMA);
  }

  private static Iterator<Row> decode(
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
        String captureId = ids.get(record.source());
        if (captureId == null) {
          throw new IllegalStateException(
              "Cannot ingest record of unexpected file " + record.source());
        }
        return PacketTable.toRow(record, headers, captureId);
      }
    };
  }

  private static final Pattern SPLIT_BOUNDARY_FAILURE =
      Pattern.compile(
          Pattern.quote(SplitBoundaryException.class.getName())
              + ": (Cannot read capture (.+?) at offset \\d+: [^\\n]*)");

  /** A capture whose splits were inconsistent, with the reason. */
  private record SplitFailure(String source, String message) {}

  /**
   * The split inconsistency a failed job died of, if that is what it died of. Spark hands the
   * driver the task's failure as text inside its own exception, so the message is what is read.
   */
  private static SplitFailure splitBoundaryFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SplitBoundaryException inconsistent) {
        return new SplitFailure(inconsistent.source(), inconsistent.getMessage());
      }
      Matcher matcher = SPLIT_BOUNDARY_FAILURE.matcher(String.valueOf(cause.getMessage()));
      if (matcher.find()) {
        return new SplitFailure(matcher.group(2), matcher.group(1));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static Map<String, Long> counts(Dataset<Row> packets, String column) {
    Map<String, Long> counts = new TreeMap<>();
    List<Row> rows = new ArrayList<>(packets.groupBy(col(column)).count().collectAsList());
    for (Row row : rows) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
