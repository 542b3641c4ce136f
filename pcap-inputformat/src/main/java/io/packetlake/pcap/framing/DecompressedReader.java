package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A reader over a decompressed capture that reports a damaged compressed stream ({@link
 * ByteWindow#damage()}) where the records end. The records before the damage are read as if the
 * file ended there (the last one may be {@link FrameStatus#TRUNCATED}); then, with corrupt regions
 * skipped, one {@link FrameStatus#CORRUPT_REGION} record at the uncompressed offset reached flags
 * that the rest of the capture is lost (its length is unknown: {@code originalLength} 0), and
 * otherwise a {@link CorruptCaptureException} at that offset.
 */
final class DecompressedReader implements CaptureReader {
  private final String source;
  private final ByteWindow window;
  private final CaptureReader delegate;
  private final FramingOptions options;
  private boolean damageReported;

  DecompressedReader(
      String source, ByteWindow window, CaptureReader delegate, FramingOptions options) {
    this.source = requireNonNull(source, "source is null");
    this.window = requireNonNull(window, "window is null");
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.options = requireNonNull(options, "options is null");
  }

  static CorruptCaptureException damaged(String source, ByteWindow window) {
    long offset = window.knownSize();
    return new CorruptCaptureException(
        source,
        offset,
        String.format(
            "the compressed stream is damaged; decompression failed after %s uncompressed bytes"
                + " (offsets of a compressed capture count uncompressed bytes): %s",
            offset, window.damage()),
        window.damage());
  }

  @Override
  public PacketRecord next() throws IOException {
    return next(Long.MAX_VALUE);
  }

  @Override
  public PacketRecord next(long endOffset) throws IOException {
    PacketRecord record = delegate.next(endOffset);
    if (record != null || !reportDamage(endOffset)) {
      return record;
    }
    return new PacketRecord(
        source,
        window.knownSize(),
        FrameStatus.CORRUPT_REGION,
        PacketRecord.NO_TIMESTAMP,
        0,
        -1,
        new byte[0]);
  }

  @Override
  public boolean next(RecordCursor cursor, long endOffset) throws IOException {
    if (delegate.next(cursor, endOffset)) {
      return true;
    }
    if (!reportDamage(endOffset)) {
      return false;
    }
    cursor.set(
        window.knownSize(),
        FrameStatus.CORRUPT_REGION,
        PacketRecord.NO_TIMESTAMP,
        0,
        -1,
        new byte[0],
        0,
        0);
    return true;
  }

  /** Whether the end just reached is a damaged stream's, not yet reported; throws when failing. */
  private boolean reportDamage(long endOffset) throws CorruptCaptureException {
    if (window.damage() == null || damageReported || window.knownSize() >= endOffset) {
      return false;
    }
    damageReported = true;
    if (!options.skipCorruptRegions()) {
      throw damaged(source, window);
    }
    return true;
  }

  @Override
  public long position() {
    return delegate.position();
  }

  @Override
  public long firstRecordOffset() {
    return delegate.firstRecordOffset();
  }

  @Override
  public long findBoundary(long from) throws IOException {
    return delegate.findBoundary(from);
  }

  @Override
  public void seek(long offset) {
    delegate.seek(offset);
  }
}
