package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

/** Bytes in memory as a {@link RandomAccessSource}, for tests that frame many small inputs. */
public final class ByteArraySource implements RandomAccessSource {
  private final byte[] bytes;

  public ByteArraySource(byte[] bytes) {
    this.bytes = requireNonNull(bytes, "bytes is null");
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) {
    if (position < 0) {
      throw new IllegalArgumentException("position is negative: " + position);
    }
    if (position >= bytes.length) {
      return -1;
    }
    int count = (int) Math.min(length, bytes.length - position);
    System.arraycopy(bytes, (int) position, buffer, offset, count);
    return count;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public void close() {}
}
