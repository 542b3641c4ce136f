package io.packetlake.pcap.framing;

import java.io.IOException;

/**
 * Frames the records of one capture file. Implementations know their file format's header and
 * record layout and nothing about the packets inside.
 *
 * <p>A reader starts positioned at the first record. A reader for a split of a file moves to a
 * record boundary found by {@link #findBoundary(long)} with {@link #seek(long)}.
 */
public interface CaptureReader {
  /**
   * Reads the record at {@link #position()} and advances past it.
   *
   * @return the record, or null at end of input
   * @throws CorruptCaptureException when the record cannot be framed and corrupt regions are not
   *     skipped (see {@link FramingOptions#skipCorruptRegions()})
   * @throws java.io.IOException when the underlying storage fails
   */
  PacketRecord next() throws IOException;

  /**
   * Like {@link #next()}, but returns null instead of reading a record or block that starts at or
   * after {@code endOffset}; the position then stays at that record or block.
   *
   * @throws CorruptCaptureException as {@link #next()}
   * @throws java.io.IOException as {@link #next()}
   */
  PacketRecord next(long endOffset) throws IOException;

  /**
   * Like {@link #next(long)}, but fills {@code cursor} instead of returning a new record; readers
   * that can do so point the cursor at their own buffer rather than copying the packet's bytes. The
   * cursor's bytes are valid until the next call on this reader.
   *
   * @return false at end of input or at {@code endOffset}, leaving {@code cursor} as it was
   * @throws CorruptCaptureException as {@link #next()}
   * @throws java.io.IOException as {@link #next()}
   */
  default boolean next(RecordCursor cursor, long endOffset) throws IOException {
    PacketRecord record = next(endOffset);
    if (record == null) {
      return false;
    }
    cursor.set(record);
    return true;
  }

  /** Offset of the next record. */
  long position();

  /** Offset of the first record, right after the file header. */
  long firstRecordOffset();

  /**
   * Returns the first offset at or after {@code from} where a chain of consistent records starts
   * (see {@link FramingOptions#syncChainLength()}), or the end of input when there is none. The
   * result depends only on the file's bytes and {@code from}, so every reader computes the same
   * boundaries.
   *
   * @throws java.io.IOException when the underlying storage fails
   */
  long findBoundary(long from) throws IOException;

  /** Moves to a record boundary previously returned by {@link #findBoundary(long)}. */
  void seek(long offset);
}
