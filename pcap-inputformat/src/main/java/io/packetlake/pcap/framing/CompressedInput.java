package io.packetlake.pcap.framing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes of a capture as read from storage, under its decompressor. It remembers
 * whether storage itself failed, so that a failure surfacing from the decompressor above can be
 * told apart: a storage failure (a lost datanode, a closed file) is rethrown and the task retried;
 * any other one means the compressed data is damaged ({@link ByteWindow#ofDecompressed}).
 */
public final class CompressedInput extends FilterInputStream {
  private boolean failed;

  public CompressedInput(InputStream storage) {
    super(storage);
  }

  /** Whether a read from storage has thrown. */
  public boolean failed() {
    return failed;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return super.read(buffer, offset, length);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public long skip(long count) throws IOException {
    try {
      return super.skip(count);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }
}
