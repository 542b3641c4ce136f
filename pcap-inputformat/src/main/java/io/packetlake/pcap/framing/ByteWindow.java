package io.packetlake.pcap.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered view of a capture addressed by absolute file offsets, shared by record framing and
 * boundary search.
 *
 * <p>Over a {@link RandomAccessSource} any position can be requested. Over an {@link InputStream}
 * (a decompressed capture) positions only move forward: callers promise through {@link
 * #release(long)} that they no longer need bytes before a position, and asking for such bytes later
 * fails.
 *
 * <p>The buffer only grows to hold what a caller asks for at once; callers bound every length they
 * pass before asking.
 */
public final class ByteWindow {
  private static final int CHUNK = 256 * 1024;

  private final RandomAccessSource source;
  private final InputStream stream;
  private final CompressedInput compressed;
  private long streamPosition;
  private boolean streamEnded;
  private IOException damage;

  private byte[] buffer = new byte[CHUNK];
  private long bufferStart;
  private int bufferLength;
  private long released;

  private ByteWindow(
      RandomAccessSource source,
      InputStream stream,
      CompressedInput compressed,
      long streamPosition) {
    this.source = source;
    this.stream = stream;
    this.compressed = compressed;
    this.streamPosition = streamPosition;
    this.bufferStart = streamPosition;
  }

  public static ByteWindow of(RandomAccessSource source) {
    return new ByteWindow(source, null, null, 0);
  }

  /** A window over a stream whose next byte is at offset {@code streamPosition} of the file. */
  public static ByteWindow of(InputStream stream, long streamPosition) {
    return new ByteWindow(null, stream, null, streamPosition);
  }

  /**
   * A window over a whole decompressed capture, {@code decompressed} reading from {@code
   * compressed}. When the decompressor fails and storage did not (the compressed data is damaged or
   * cut), the window ends where the decompressed bytes end and keeps the failure ({@link
   * #damage()}); {@link CaptureReaders#open} turns it into a {@link CorruptCaptureException} or a
   * flagged record. Storage failures are rethrown as they are.
   */
  public static ByteWindow ofDecompressed(InputStream decompressed, CompressedInput compressed) {
    return new ByteWindow(
        null, decompressed, java.util.Objects.requireNonNull(compressed, "compressed is null"), 0);
  }

  /**
   * Why the decompressed stream ended early, or null: the decompressor's failure on damaged data.
   * The stream then ends at {@link #knownSize()}, the uncompressed offset reached.
   */
  public IOException damage() {
    return damage;
  }

  /** Whether positions can move backwards (the source is seekable). */
  public boolean isSeekable() {
    return source != null;
  }

  /** Total length, when known (seekable sources, or a stream that has ended); otherwise -1. */
  public long knownSize() {
    if (source != null) {
      return source.size();
    }
    return streamEnded ? bufferStart + bufferLength : -1;
  }

  /**
   * The first position that can still be asked for: 0 over a seekable source, the start of the
   * buffer over a stream.
   */
  public long firstAvailable() {
    return source != null ? 0 : bufferStart;
  }

  /** Bytes before {@code position} will not be asked for again. */
  public void release(long position) {
    released = position;
  }

  /**
   * Makes {@code [position, position + length)} available.
   *
   * @return how many of those bytes exist; less than {@code length} only at end of input
   */
  public int ensure(long position, int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length is negative: " + length);
    }
    long bufferEnd = bufferStart + bufferLength;
    if (position >= bufferStart && position + length <= bufferEnd) {
      return length;
    }
    if (position < bufferStart || position > bufferEnd + CHUNK) {
      reposition(position);
      if (position > bufferStart) {
        // A stream that ended before the position: nothing there, and nothing to buffer up to it.
        return 0;
      }
    }
    long keepFrom = Math.max(bufferStart, Math.min(position, released));
    if (keepFrom > bufferStart) {
      int drop = (int) Math.min(keepFrom - bufferStart, bufferLength);
      System.arraycopy(buffer, drop, buffer, 0, bufferLength - drop);
      bufferLength -= drop;
      bufferStart += drop;
    }
    long needed = position + length - bufferStart;
    if (needed > buffer.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IOException("Cannot buffer " + needed + " bytes at offset " + position);
      }
      buffer =
          Arrays.copyOf(
              buffer, (int) Math.max(needed, Math.min(2L * buffer.length, needed + CHUNK)));
    }
    fill(needed);
    long available = bufferStart + bufferLength - position;
    return (int) Math.max(0, Math.min(length, available));
  }

  private void reposition(long position) throws IOException {
    if (source == null && position < bufferStart) {
      throw new IOException(
          "Cannot read offset " + position + " of a stream already read to " + bufferStart);
    }
    if (source != null) {
      bufferStart = position;
      bufferLength = 0;
      return;
    }
    // Stream moving far forward: drop the buffer and skip.
    bufferStart += bufferLength;
    bufferLength = 0;
    try {
      while (streamPosition < position && !streamEnded) {
        long skipped = stream.skip(position - streamPosition);
        if (skipped <= 0) {
          if (stream.read() < 0) {
            streamEnded = true;
          } else {
            streamPosition++;
          }
        } else {
          streamPosition += skipped;
        }
      }
    } catch (IOException e) {
      damaged(e);
    }
    bufferStart = streamPosition;
  }

  /** A read from the stream failed: the end of input if the decompressor failed, else rethrow. */
  private void damaged(IOException failure) throws IOException {
    if (compressed == null || compressed.failed()) {
      throw failure;
    }
    damage = failure;
    streamEnded = true;
  }

  private void fill(long needed) throws IOException {
    while (bufferLength < needed) {
      int read;
      if (source != null) {
        read =
            source.read(
                bufferStart + bufferLength, buffer, bufferLength, buffer.length - bufferLength);
      } else {
        if (streamEnded) {
          return;
        }
        try {
          read = stream.read(buffer, bufferLength, buffer.length - bufferLength);
        } catch (IOException e) {
          damaged(e);
          return;
        }
        if (read > 0) {
          streamPosition += read;
        }
      }
      if (read < 0) {
        streamEnded = source == null;
        return;
      }
      bufferLength += read;
    }
  }

  /** The byte at {@code position}; it must have been made available by {@link #ensure}. */
  public int unsignedByte(long position) {
    return buffer[(int) (position - bufferStart)] & 0xFF;
  }

  public int unsignedShort(long position, boolean bigEndian) {
    int index = (int) (position - bufferStart);
    int b0 = buffer[index] & 0xFF;
    int b1 = buffer[index + 1] & 0xFF;
    return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
  }

  public int int32(long position, boolean bigEndian) {
    int index = (int) (position - bufferStart);
    int b0 = buffer[index] & 0xFF;
    int b1 = buffer[index + 1] & 0xFF;
    int b2 = buffer[index + 2] & 0xFF;
    int b3 = buffer[index + 3] & 0xFF;
    return bigEndian
        ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3
        : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
  }

  public long unsignedInt32(long position, boolean bigEndian) {
    return int32(position, bigEndian) & 0xFFFF_FFFFL;
  }

  /**
   * The array behind the window, for reading bytes made available by {@link #ensure} in place; it
   * changes when {@link #ensure} grows or refills the buffer.
   */
  byte[] array() {
    return buffer;
  }

  /** Index in {@link #array()} of the available byte at {@code position}. */
  int index(long position) {
    return (int) (position - bufferStart);
  }

  /** Copies available bytes {@code [position, position + length)} into a new array. */
  public byte[] copy(long position, int length) {
    int index = (int) (position - bufferStart);
    return Arrays.copyOfRange(buffer, index, index + length);
  }
}
