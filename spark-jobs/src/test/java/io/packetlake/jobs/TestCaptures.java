package io.packetlake.jobs;

import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** Real captures of the corpus, read whole, and small captures written from their records. */
public final class TestCaptures {
  private TestCaptures() {}

  /** A capture of ../shared/pcaps by file name. */
  public static Path corpusPath(String name) {
    return Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize();
  }

  /** Every record of a local capture, in file order. */
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

  /** Writes the records as a classic little-endian microsecond pcap of their link type. */
  public static void write(Path path, List<PacketRecord> records) throws IOException {
    write(path, records, 0);
  }

  /** Writes the records as a pcap of their link type, every timestamp moved by {@code shift}. */
  public static void write(Path path, List<PacketRecord> records, long shiftNanos)
      throws IOException {
    int linkType = records.isEmpty() ? 1 : records.get(0).linkType();
    try (OutputStream out = Files.newOutputStream(path);
        PcapWriter writer = new PcapWriter(out, ByteOrder.LITTLE_ENDIAN, true, linkType, 262144)) {
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

  /** The packets-table rows a capture must give, computed without Spark, in file order. */
  public static List<Row> expectedPacketRows(Path capture) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<Row> rows = new ArrayList<>();
    for (PacketRecord record : readAll(capture)) {
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
    return expectedPacketRows(capture).stream().map(TestCaptures::packetRowText).toList();
  }
}
