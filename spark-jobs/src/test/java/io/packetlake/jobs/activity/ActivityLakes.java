package io.packetlake.jobs.activity;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** Lakes for the activity and vector tests: captures through ingest and connections. */
public final class ActivityLakes {
  private ActivityLakes() {}

  /** Ingests the captures and recomputes the connections of the dates they touch. */
  public static Set<LocalDate> ingestAndConnect(SparkSession spark, Lake lake, List<Path> captures)
      throws IOException {
    IngestJob.run(
        spark,
        new IngestConfig(
            captures.stream().map(Path::toString).toList(),
            lake,
            false,
            FramingOptions.DEFAULT_MAX_RECORD_BYTES,
            true),
        ledger(spark, lake));
    List<String> captureIds =
        spark
            .read()
            .parquet(lake.table("packets"))
            .select("capture_id", "capture_file")
            .distinct()
            .collectAsList()
            .stream()
            .filter(
                row ->
                    captures.stream()
                        .anyMatch(
                            capture -> row.getString(1).endsWith(capture.getFileName().toString())))
            .map(row -> row.getString(0))
            .toList();
    Set<LocalDate> dates = ConnectionJob.datesOf(spark, lake.table("packets"), captureIds);
    ConnectionJob.run(
        spark,
        ConnectionConfig.forDates(lake, dates, FlowTimeouts.defaults()),
        ledger(spark, lake));
    return dates;
  }

  public static RunLedger ledger(SparkSession spark, Lake lake) throws IOException {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    ledger.started();
    return ledger;
  }

  public static Path corpusPath(String name) {
    return Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize();
  }

  public static List<PacketRecord> readAll(Path path) throws IOException {
    List<PacketRecord> records = new ArrayList<>();
    try (CaptureReaders.OpenCapture capture =
        CaptureReaders.openLocal(path, FramingOptions.defaults())) {
      for (PacketRecord record = capture.reader().next();
          record != null;
          record = capture.reader().next()) {
        records.add(record);
      }
    }
    return records;
  }

  /** Writes the records as a pcap, every timestamp moved by {@code shiftNanos}. */
  public static void write(Path path, List<PacketRecord> records, long shiftNanos)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(path);
        PcapWriter writer =
            new PcapWriter(out, ByteOrder.LITTLE_ENDIAN, true, records.get(0).linkType(), 262144)) {
      for (PacketRecord record : records) {
        writer.write(
            record.timestampNanos() + shiftNanos,
            record.originalLength(),
            record.data(),
            0,
            record.capturedLength());
      }
    }
  }
}
