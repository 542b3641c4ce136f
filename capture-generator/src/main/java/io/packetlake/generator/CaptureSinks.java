package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.PcapWriter;
import io.packetlake.pcap.framing.PcapngWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Capture sinks that write Ethernet captures through the project's pcap and pcapng writers. */
public final class CaptureSinks {
  /** LINKTYPE_ETHERNET: every generated frame starts with an Ethernet II header. */
  public static final int LINKTYPE_ETHERNET = 1;

  /** The snapshot length written in file and interface headers; frames are never cut. */
  public static final int SNAPLEN = 262_144;

  // Large enough that the disk, not the write calls, sets the pace.
  private static final int FILE_BUFFER_BYTES = 4 << 20;

  private CaptureSinks() {}

  /**
   * Creates or replaces {@code file} and returns a sink that writes it through a large buffer.
   *
   * @param nanosecond nanosecond timestamps instead of microseconds (which truncate)
   * @throws IOException when the file cannot be created
   */
  public static CaptureSink open(Path file, CaptureFileFormat format, boolean nanosecond)
      throws IOException {
    requireNonNull(file, "file is null");
    OutputStream output = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES);
    try {
      return create(output, format, nanosecond);
    } catch (IOException | RuntimeException e) {
      output.close();
      throw e;
    }
  }

  /**
   * Returns a sink that writes a capture to {@code output}, which it closes when closed. The stream
   * is used as given: buffer it if it is not.
   *
   * @throws IOException when the file header cannot be written
   */
  public static CaptureSink create(
      OutputStream output, CaptureFileFormat format, boolean nanosecond) throws IOException {
    requireNonNull(output, "output is null");
    requireNonNull(format, "format is null");
    return switch (format) {
      case PCAP -> new PcapSink(output, nanosecond);
      case PCAPNG -> new PcapngSink(output, nanosecond);
    };
  }

  private static final class PcapSink implements CaptureSink {
    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final PcapWriter writer;
    private long bytesWritten;

    PcapSink(OutputStream output, boolean nanosecond) throws IOException {
      this.writer =
          new PcapWriter(output, ByteOrder.LITTLE_ENDIAN, nanosecond, LINKTYPE_ETHERNET, SNAPLEN);
      this.bytesWritten = FILE_HEADER_LENGTH;
    }

    @Override
    public long bytesWritten() {
      return bytesWritten;
    }

    @Override
    public long recordLength(int frameLength) {
      return RECORD_HEADER_LENGTH + frameLength;
    }

    @Override
    public void write(long timestampNanos, byte[] frame, int length) throws IOException {
      writer.write(timestampNanos, length, frame, 0, length);
      bytesWritten += RECORD_HEADER_LENGTH + length;
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  private static final class PcapngSink implements CaptureSink {
    // Section header block with no options, interface description with if_tsresol.
    private static final int HEADER_BLOCKS_LENGTH = 28 + 32;
    // Block type, two block lengths and the enhanced packet fields before the data.
    private static final int ENHANCED_PACKET_OVERHEAD = 32;

    private final PcapngWriter writer;
    private final int interfaceId;
    private long bytesWritten;

    PcapngSink(OutputStream output, boolean nanosecond) throws IOException {
      this.writer = new PcapngWriter(output, ByteOrder.LITTLE_ENDIAN);
      this.interfaceId = writer.addInterface(LINKTYPE_ETHERNET, SNAPLEN, nanosecond ? 9 : 6);
      this.bytesWritten = HEADER_BLOCKS_LENGTH;
    }

    @Override
    public long bytesWritten() {
      return bytesWritten;
    }

    @Override
    public long recordLength(int frameLength) {
      return ENHANCED_PACKET_OVERHEAD + ((frameLength + 3) & ~3);
    }

    @Override
    public void write(long timestampNanos, byte[] frame, int length) throws IOException {
      writer.writeEnhancedPacket(interfaceId, timestampNanos, length, frame, 0, length);
      bytesWritten += recordLength(length);
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
