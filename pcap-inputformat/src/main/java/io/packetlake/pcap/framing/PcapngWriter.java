package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes pcapng blocks (the layout {@link PcapngReader} documents): section headers, interface
 * descriptions with {@code if_tsresol}, enhanced and simple packets, and opaque custom blocks. Not
 * thread-safe.
 */
public final class PcapngWriter implements java.io.Closeable {
  private final OutputStream output;
  private final ByteOrder order;
  private int interfaceCount;
  private int[] resolutions = new int[4];
  private ByteBuffer block = ByteBuffer.allocate(1 << 16);

  public PcapngWriter(OutputStream output, ByteOrder order) throws IOException {
    this.output = requireNonNull(output, "output is null");
    this.order = requireNonNull(order, "order is null");
    writeSectionHeader();
  }

  /** Starts a new section: interfaces described before it no longer apply. */
  public void writeSectionHeader() throws IOException {
    ByteBuffer body = begin(PcapngReader.SECTION_HEADER, 16);
    body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
    finish();
    interfaceCount = 0;
  }

  /**
   * Describes an interface.
   *
   * @param timestampResolution the {@code if_tsresol} byte (6 for microseconds, 9 for nanoseconds)
   * @return the interface id to write its packets with
   */
  public int addInterface(int linkType, int snaplen, int timestampResolution) throws IOException {
    ByteBuffer body = begin(PcapngReader.INTERFACE_DESCRIPTION, 8 + 8 + 4);
    body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    body.putShort((short) 9).putShort((short) 1);
    body.put((byte) timestampResolution).put((byte) 0).put((byte) 0).put((byte) 0);
    body.putShort((short) 0).putShort((short) 0);
    finish();
    if (interfaceCount == resolutions.length) {
      resolutions = java.util.Arrays.copyOf(resolutions, interfaceCount * 2);
    }
    resolutions[interfaceCount] = timestampResolution;
    return interfaceCount++;
  }

  public void writeEnhancedPacket(
      int interfaceId, long timestampNanos, int originalLength, byte[] data, int offset, int length)
      throws IOException {
    if (interfaceId < 0 || interfaceId >= interfaceCount) {
      throw new IllegalArgumentException(
          "Cannot write packet: interface " + interfaceId + " is not described");
    }
    long units = toUnits(timestampNanos, resolutions[interfaceId]);
    ByteBuffer body = begin(PcapngReader.ENHANCED_PACKET, 20 + padded(length));
    body.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units);
    body.putInt(length).putInt(originalLength);
    body.put(data, offset, length);
    pad(body, length);
    finish();
  }

  public void writeSimplePacket(int originalLength, byte[] data, int offset, int length)
      throws IOException {
    ByteBuffer body = begin(PcapngReader.SIMPLE_PACKET, 4 + padded(length));
    body.putInt(originalLength);
    body.put(data, offset, length);
    pad(body, length);
    finish();
  }

  /** A block readers skip: a custom block with a private enterprise number and payload. */
  public void writeCustomBlock(byte[] payload) throws IOException {
    ByteBuffer body = begin(PcapngReader.CUSTOM, 4 + padded(payload.length));
    body.putInt(32473).put(payload);
    pad(body, payload.length);
    finish();
  }

  private static long toUnits(long timestampNanos, int resolution) {
    if ((resolution & 0x80) != 0) {
      throw new IllegalArgumentException("Cannot write binary timestamp resolutions");
    }
    int exponent = resolution & 0x7F;
    if (exponent > 9) {
      throw new IllegalArgumentException("Cannot write resolutions finer than nanoseconds");
    }
    long divisor = 1;
    for (int i = exponent; i < 9; i++) {
      divisor *= 10;
    }
    return timestampNanos / divisor;
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  private static void pad(ByteBuffer body, int length) {
    for (int i = length; i < padded(length); i++) {
      body.put((byte) 0);
    }
  }

  private ByteBuffer begin(int type, int bodyLength) {
    int total = bodyLength + 12;
    if (block.capacity() < total) {
      block = ByteBuffer.allocate(Math.max(total, block.capacity() * 2));
    }
    block.clear();
    block.order(order);
    block.putInt(type).putInt(total);
    return block;
  }

  private void finish() throws IOException {
    int total = block.getInt(4);
    block.putInt(total);
    output.write(block.array(), 0, block.position());
  }

  @Override
  public void close() throws IOException {
    output.close();
  }
}
