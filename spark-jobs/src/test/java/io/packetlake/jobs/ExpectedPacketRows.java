package io.packetlake.jobs;

import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The packets-table rows a capture must give, computed without Spark from its records, and rows as
 * text that compares across Spark, Parquet and these rows.
 */
public final class ExpectedPacketRows {
  private ExpectedPacketRows() {}

  /** The packets-table rows a capture must give, computed without Spark, in file order. */
  public static List<Row> expectedPacketRows(Path capture) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<Row> rows = new ArrayList<>();
    for (PacketRecord record : TestCaptures.readAll(capture)) {
      rows.add(
          PacketTable.toRow(
              record,
              record.status() == FrameStatus.CORRUPT_REGION
                  ? null
                  : decoder.decode(record.linkType(), record.data(), record.originalLength()),
              "ignored"));
    }
    return rows;
  }

  /**
   * A packets-table row as text that compares across Spark, Parquet and the rows above: every
   * column by name except the capture's id and file name, which depend on where it was read.
   */
  public static String packetRowText(Row row) {
    Map<String, Object> values = new TreeMap<>();
    for (String name : PacketTable.SCHEMA.fieldNames()) {
      if (name.equals(PacketTable.CAPTURE_ID) || name.equals("capture_file")) {
        continue;
      }
      int index = row.schema() == null ? PacketTable.SCHEMA.fieldIndex(name) : row.fieldIndex(name);
      values.put(name, row.get(index));
    }
    return values.toString();
  }

  /** {@link #expectedPacketRows} as {@link #packetRowText}. */
  public static List<String> expectedPacketRowTexts(Path capture) throws IOException {
    return expectedPacketRows(capture).stream().map(ExpectedPacketRows::packetRowText).toList();
  }
}
