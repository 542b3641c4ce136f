package io.packetlake.benchmarks;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.PacketTsv;
import io.packetlake.pcap.framing.CaptureReader;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.RecordCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The single-threaded loops that the benchmarks time: one pass over a capture doing one layer of
 * {@code packetlake decode}'s work. Shared by {@code packetlake bench decode}, {@code packetlake
 * bench stages} and the JMH benchmarks, so that every harness measures the same code.
 *
 * <p>Each loop folds what it read into a checksum that it returns, so that the JIT cannot drop the
 * work; {@link Pass#packets()} is the number of records read.
 */
public final class DecodeLoops {
  private static final int READ_BUFFER = 256 * 1024;

  private DecodeLoops() {}

  /** What one pass over a file did. */
  public record Pass(long packets, long bytes, long checksum) {}

  /** The work of a loop. */
  public enum Work {
    /** Reading the file's bytes into a direct buffer, nothing else: the physical floor. */
    READ("read bytes"),
    /** Walking the record headers through the allocation-free cursor. */
    FRAMING("framing"),
    /** Framing and decoding into reusable holders: the hot path. */
    DECODING("framing+decoding"),
    /** Framing into a new record per packet (a copy of its bytes): the allocating API. */
    FRAMING_RECORDS("framing, record per packet"),
    /** Framing and decoding into new immutable values per packet: the allocating API. */
    DECODING_RECORDS("framing+decoding, values per packet"),
    /** What {@code packetlake decode} does, without writing the rows anywhere. */
    TSV("framing+decoding+tsv");

    private final String label;

    Work(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static Pass run(Work work, Path file) throws IOException {
    return switch (work) {
      case READ -> readBytes(file);
      case FRAMING -> framing(file);
      case DECODING -> decoding(file);
      case FRAMING_RECORDS -> framingRecords(file);
      case DECODING_RECORDS -> decodingRecords(file);
      case TSV -> tsv(file);
    };
  }

  /** Reads the file into a direct buffer, the cheapest way Java has to get its bytes. */
  public static Pass readBytes(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
    long bytes = 0;
    long checksum = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int read = channel.read(buffer); read >= 0; read = channel.read(buffer)) {
        bytes += read;
        checksum += buffer.get(0);
        buffer.clear();
      }
    }
    return new Pass(0, bytes, checksum);
  }

  public static Pass framing(Path file) throws IOException {
    RecordCursor cursor = new RecordCursor();
    long packets = 0;
    long checksum = 0;
    try (CaptureReaders.OpenCapture capture = open(file)) {
      CaptureReader reader = capture.reader();
      while (reader.next(cursor, Long.MAX_VALUE)) {
        packets++;
        checksum += cursor.capturedLength() + cursor.timestampNanos();
      }
    }
    return new Pass(packets, Files.size(file), checksum);
  }

  public static Pass decoding(Path file) throws IOException {
    RecordCursor cursor = new RecordCursor();
    PacketDecoder decoder = new PacketDecoder();
    PacketHeaders headers = new PacketHeaders();
    long packets = 0;
    long checksum = 0;
    try (CaptureReaders.OpenCapture capture = open(file)) {
      CaptureReader reader = capture.reader();
      while (reader.next(cursor, Long.MAX_VALUE)) {
        packets++;
        decoder.decode(
            headers,
            cursor.linkType(),
            cursor.buffer(),
            cursor.dataOffset(),
            cursor.capturedLength(),
            cursor.originalLength());
        checksum += headers.ipProtocol() + headers.sourcePort() + headers.sourceIpv4();
      }
    }
    return new Pass(packets, Files.size(file), checksum);
  }

  public static Pass framingRecords(Path file) throws IOException {
    long packets = 0;
    long checksum = 0;
    try (CaptureReaders.OpenCapture capture = open(file)) {
      CaptureReader reader = capture.reader();
      for (PacketRecord record = reader.next(); record != null; record = reader.next()) {
        packets++;
        checksum += record.capturedLength() + record.timestampNanos();
      }
    }
    return new Pass(packets, Files.size(file), checksum);
  }

  public static Pass decodingRecords(Path file) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    long packets = 0;
    long checksum = 0;
    try (CaptureReaders.OpenCapture capture = open(file)) {
      CaptureReader reader = capture.reader();
      for (PacketRecord record = reader.next(); record != null; record = reader.next()) {
        packets++;
        PacketHeaders headers =
            decoder.decode(record.linkType(), record.data(), record.originalLength());
        checksum += headers.ipProtocol() + headers.sourcePort();
      }
    }
    return new Pass(packets, Files.size(file), checksum);
  }

  public static Pass tsv(Path file) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    StringBuilder row = new StringBuilder(512);
    PacketTsv tsv = new PacketTsv();
    long packets = 0;
    long checksum = 0;
    try (CaptureReaders.OpenCapture capture = open(file)) {
      CaptureReader reader = capture.reader();
      for (PacketRecord record = reader.next(); record != null; record = reader.next()) {
        packets++;
        PacketHeaders headers =
            decoder.decode(record.linkType(), record.data(), record.originalLength());
        row.setLength(0);
        tsv.appendRow(row, record, headers);
        checksum += row.length();
      }
    }
    return new Pass(packets, Files.size(file), checksum);
  }

  private static CaptureReaders.OpenCapture open(Path file) throws IOException {
    return CaptureReaders.openLocal(file, FramingOptions.defaults());
  }

  /**
   * One pass as a whole process, for figures that include JVM start: {@code DecodeLoops WORK FILE}
   * prints {@code packets bytes checksum}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: DecodeLoops READ|FRAMING|DECODING|... FILE");
      System.exit(2);
    }
    Pass pass = run(Work.valueOf(args[0].toUpperCase(Locale.ROOT)), Path.of(args[1]));
    System.out.println(pass.packets() + " " + pass.bytes() + " " + pass.checksum());
  }
}
