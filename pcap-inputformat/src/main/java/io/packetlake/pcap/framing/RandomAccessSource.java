package io.packetlake.pcap.framing;

import java.io.Closeable;
import java.io.IOException;

/** Bytes that can be read at any position: a local file, or an HDFS stream that can seek. */
public interface RandomAccessSource extends Closeable {
  /**
   * Reads up to {@code length} bytes starting at {@code position}.
   *
   * @return the number of bytes read, or -1 when {@code position} is at or past the end
   * @throws IOException when the underlying storage fails
   */
  int read(long position, byte[] buffer, int offset, int length) throws IOException;

  /** Total length in bytes. */
  long size();
}
