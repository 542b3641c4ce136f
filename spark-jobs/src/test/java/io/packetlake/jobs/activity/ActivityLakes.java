package io.packetlake.jobs.activity;

import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.framing.FramingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
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
}
