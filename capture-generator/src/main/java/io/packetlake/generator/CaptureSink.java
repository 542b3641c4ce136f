package io.packetlake.generator;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where generated frames go: a capture file, or anything else that counts like one. Frames arrive
 * in non-decreasing timestamp order. Implementations are not expected to be thread-safe.
 */
public interface CaptureSink extends Closeable {
  /**
   * Bytes the sink has produced so far, file and section headers included. With {@link
   * #recordLength} this lets a caller stop before a size limit is crossed.
   */
  long bytesWritten();

  /** Bytes one record carrying a frame of {@code frameLength} bytes adds to the output. */
  long recordLength(int frameLength);

  /**
   * Writes one Ethernet frame captured whole.
   *
   * @param timestampNanos capture time in nanoseconds since the Unix epoch
   * @throws IOException when the underlying output fails
   */
  void write(long timestampNanos, byte[] frame, int length) throws IOException;

  /**
   * Flushes and closes the underlying output.
   *
   * @throws IOException when the underlying output fails
   */
  @Override
  void close() throws IOException;
}
