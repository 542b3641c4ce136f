package io.packetlake.jobs.application;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.not;

import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.TableShape;
import io.packetlake.jobs.source.PayloadRows;
import io.packetlake.pcap.app.dns.DnsParseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingest's application-layer pass: reads the captures again for the packets it examines (the {@code
 * pcap} source's payload rows), groups them by flow in capture-time order, runs the {@link
 * io.packetlake.pcap.app.FlowPass} over each flow and writes the {@code dns} table.
 *
 * <p>The captures are read a second time rather than during the packets' write: one read of a split
 * cannot feed two tables in Spark, and the payload rows are a small fraction of the packets.
 * Grouping by flow happens after a shuffle, so what one split read never decides what another
 * split's packets become: the rows depend on the set of packets only (see {@code FlowPass}). The
 * {@code dns} table is written with dynamic partition overwrite, by (message_date, capture_id),
 * like the packets: ingesting the same captures again leaves the same rows.
 */
public final class ApplicationPass {
  private ApplicationPass() {}

  /**
   * Runs the pass over the captures that {@code captures} reads (the {@code pcap} source set up as
   * ingest reads them) and writes what it finds into {@code lake}.
   */
  public static ApplicationResult run(
      DataFrameReader captures, Lake lake, ApplicationLayerConfig config) {
    requireNonNull(captures, "captures is null");
    requireNonNull(lake, "lake is null");
    requireNonNull(config, "config is null");
    if (!config.enabled()) {
      return ApplicationResult.NONE;
    }
    // Read once, used twice (payloads, fragments): the rows of the packets the pass examines are a
    // small part of a capture.
    Dataset<Row> payloads =
        captures.option("rows", "payloads").load().persist(StorageLevel.MEMORY_AND_DISK());
    SparkSession spark = payloads.sparkSession();
    PassAccumulators accumulators = new PassAccumulators(spark.sparkContext());
    int maxStreamBytes = config.maxStreamBytes();
    Dataset<Row> datagrams =
        byFlow(payloads.where(col(PayloadRows.FRAGMENT)))
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>)
                    partition -> new Defragmented(partition, accumulators),
                Encoders.row(PayloadRows.SCHEMA));
    Dataset<Row> segments = payloads.where(not(col(PayloadRows.FRAGMENT))).union(datagrams);
    Dataset<Row> messages =
        byFlow(segments)
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>)
                    partition -> new ObservedMessages(partition, maxStreamBytes, accumulators),
                DnsTable.ROWS.encoder());
    Map<String, Long> written;
    try {
      written =
          PartitionOverwrite.writeCounted(
              TableShape.conform(messages, DnsTable.CATALOG),
              lake,
              DnsTable.CATALOG,
              parseStatusCounts());
    } finally {
      payloads.unpersist();
    }
    long rows = written.remove(PartitionOverwrite.ROWS);
    written.values().removeIf(count -> count == 0);
    return new ApplicationResult(rows, written, accumulators.values());
  }

  /**
   * The payload rows hash-partitioned by flow (fragments: by datagram) and sorted as the pass (the
   * defragmenter) reads them.
   */
  static Dataset<Row> byFlow(Dataset<Row> payloads) {
    return payloads
        .repartition(col(PayloadRows.FLOW_KEY_HASH))
        .sortWithinPartitions(
            PayloadRows.FLOW_ORDER.stream().map(Column::new).toArray(Column[]::new));
  }

  private static Map<String, Column> parseStatusCounts() {
    Map<String, Column> counts = new LinkedHashMap<>();
    for (DnsParseStatus status : DnsParseStatus.values()) {
      counts.put(status.name(), count_if(col(DnsTable.PARSE_STATUS).equalTo(status.name())));
    }
    return counts;
  }
}
