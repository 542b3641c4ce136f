package io.packetlake.jobs;

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
import java.util.ArrayList;
import java.util.List;

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
}
