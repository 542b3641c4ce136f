package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes a classic pcap file (the layout {@link PcapReader} documents). Not thread-safe. */
public final class PcapWriter implements java.io.Closeable {
  private final OutputStream output;
  private final ByteOrder order;
  private final boolean nanosecond;
  private final int snaplen;
  private final ByteBuffer header;

  public PcapWriter(
      OutputStream output, ByteOrder order, boolean nanosecond, int linkType, int snaplen)
      throws IOException {
    this.output = requireNonNull(output, "output is null");
    this.order = requireNonNull(order, "order is null");
    this.nanosecond = nanosecond;
    this.snaplen = snaplen;
    this.header = ByteBuffer.allocate(16).order(order);
    ByteBuffer fileHeader = ByteBuffer.allocate(PcapFileHeader.LENGTH).order(order);
    fileHeader.putInt(nanosecond ? 0xA1B23C4D : 0xA1B2C3D4);
    fileHeader.putShort((short) 2).putShort((short) 4);
    fileHeader.putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
    output.write(fileHeader.array());
  }

  public ByteOrder order() {
    return order;
  }

  /** Writes one record; the captured bytes are cut to the snaplen (0: no limit). */
  public void write(long timestampNanos, int originalLength, byte[] data, int offset, int length)
      throws IOException {
    if (originalLength < length) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write record: original length %s is less than captured length %s",
              originalLength, length));
    }
    int captured = snaplen == 0 ? length : Math.min(length, snaplen);
    long seconds = Math.floorDiv(timestampNanos, EpochNanos.NANOS_PER_SECOND);
    long nanos = Math.floorMod(timestampNanos, EpochNanos.NANOS_PER_SECOND);
    header.clear();
    header.putInt((int) seconds);
    header.putInt((int) (nanosecond ? nanos : nanos / EpochNanos.NANOS_PER_MICROSECOND));
    header.putInt(captured);
    header.putInt(originalLength);
    output.write(header.array());
    output.write(data, offset, captured);
  }

  @Override
  public void close() throws IOException {
    output.close();
  }
}
