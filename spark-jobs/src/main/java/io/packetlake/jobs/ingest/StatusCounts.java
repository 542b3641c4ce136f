package io.packetlake.jobs.ingest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.decode.DecodeStatus;
import io.packetlake.pcap.framing.FrameStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Rows per frame status and per decode status of what ingest wrote, counted while writing with
 * {@link Dataset#observe}: no second read of the table. The counts are exact: the write is one
 * result stage (scan and write, no shuffle), and Spark merges a result task's observed values once,
 * from its successful attempt only, so failed, retried or speculative attempts do not count. (A
 * shuffle before the write would break this: map tasks re-run after a lost shuffle output add their
 * values again.) Statuses without rows are left out, as a group-by would.
 *
 * @param rows rows written
 * @param frameStatus rows per frame status
 * @param decodeStatus rows per decode status
 */
record StatusCounts(long rows, Map<String, Long> frameStatus, Map<String, Long> decodeStatus) {
  private static final String ROWS = "rows";
  private static final String FRAME = "frame_status:";
  private static final String DECODE = "decode_status:";

  StatusCounts {
    frameStatus = Map.copyOf(new TreeMap<>(requireNonNull(frameStatus, "frameStatus is null")));
    decodeStatus = Map.copyOf(new TreeMap<>(requireNonNull(decodeStatus, "decodeStatus is null")));
  }

  static Observation observation() {
    return new Observation("packetlake_status_" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** The packets, counted into {@code observation} when an action runs. */
  static Dataset<Row> observe(Dataset<Row> packets, Observation observation) {
    List<Column> metrics = new ArrayList<>();
    for (FrameStatus status : FrameStatus.values()) {
      metrics.add(count_if(col("frame_status").equalTo(status.name())).as(FRAME + status.name()));
    }
    List<String> decodeStatuses = new ArrayList<>();
    for (DecodeStatus status : DecodeStatus.values()) {
      decodeStatuses.add(status.name());
    }
    decodeStatuses.add(PacketTable.FRAME_NOT_DECODED);
    for (String status : decodeStatuses) {
      metrics.add(count_if(col("decode_status").equalTo(status)).as(DECODE + status));
    }
    return packets.observe(observation, count(lit(1)).as(ROWS), metrics.toArray(Column[]::new));
  }

  /** The counts of an action that has completed. */
  static StatusCounts of(Observation observation) {
    Map<String, Object> values;
    try {
      values = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot count rows: interrupted", e);
    }
    Map<String, Long> frame = new TreeMap<>();
    Map<String, Long> decode = new TreeMap<>();
    for (Map.Entry<String, Object> value : values.entrySet()) {
      long count = ((Number) value.getValue()).longValue();
      if (count == 0) {
        continue;
      }
      if (value.getKey().startsWith(FRAME)) {
        frame.put(value.getKey().substring(FRAME.length()), count);
      } else if (value.getKey().startsWith(DECODE)) {
        decode.put(value.getKey().substring(DECODE.length()), count);
      }
    }
    long rows = ((Number) values.get(ROWS)).longValue();
    long framed = frame.values().stream().mapToLong(Long::longValue).sum();
    long decoded = decode.values().stream().mapToLong(Long::longValue).sum();
    if (framed != rows || decoded != rows) {
      throw new IllegalStateException(
          String.format(
              "Cannot count rows: %s rows, %s by frame status, %s by decode status",
              rows, framed, decoded));
    }
    return new StatusCounts(rows, frame, decode);
  }
}
