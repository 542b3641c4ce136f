package io.packetlake.pcap.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shared corpus of real captures that lives beside the repository, read whole, and small
 * captures written from records. Shared with the other modules' tests through this module's
 * test-jar.
 */
public final class TestCaptures {
  /** Captures whose file header tshark rejects too; opening them must fail with a clear error. */
  public static final Set<String> UNREADABLE =
      Set.of(
          "linktype-reserved-field-not-zero.pcap",
          "pcap-invalid-version-1.pcap",
          "pcapng-invalid-vers-1.pcapng");

  private TestCaptures() {}

  public static Path corpus() {
    String configured = System.getProperty("packetlake.pcaps");
    Path path = configured != null ? Paths.get(configured) : Paths.get("../../shared/pcaps");
    assertThat(path).as("capture corpus (../shared/pcaps)").isDirectory();
    return path.toAbsolutePath().normalize();
  }

  /** A capture of the corpus by file name. */
  public static Path corpusPath(String name) {
    Path path = corpus().resolve(name);
    assertThat(path).exists();
    return path;
  }

  /** Every pcap/pcapng in the corpus, by name. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.list(corpus())) {
      return files
          .filter(path -> path.getFileName().toString().matches(".*\\.(pcap|pcapng)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every capture whose file header is readable. */
  public static List<Path> readable() {
    return all().stream()
        .filter(path -> !UNREADABLE.contains(path.getFileName().toString()))
        .toList();
  }

  /** All records of a local capture, read sequentially without Hadoop. */
  public static List<PacketRecord> readAll(Path path) throws IOException {
    return readAll(path, FramingOptions.defaults());
  }

  public static List<PacketRecord> readAll(Path path, FramingOptions options) throws IOException {
    List<PacketRecord> records = new ArrayList<>();
    try (CaptureReaders.OpenCapture capture = CaptureReaders.openLocal(path, options)) {
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

  /** A comparable one-line summary of a record, bytes included. */
  public static String describe(PacketRecord record) {
    return record.offset()
        + " "
        + record.status()
        + " ts="
        + record.timestampNanos()
        + " orig="
        + record.originalLength()
        + " cap="
        + record.capturedLength()
        + " link="
        + record.linkType()
        + " crc="
        + java.util.Arrays.hashCode(record.data());
  }
}
