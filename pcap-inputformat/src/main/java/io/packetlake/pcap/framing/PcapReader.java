package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * Frames the records of a classic pcap file.
 *
 * <pre>
 *  0          4            8          12         16 (24 in the modified format)
 *  +----------+------------+----------+----------+---------------------+
 *  | ts_sec   | ts_usec or | incl_len | orig_len | incl_len bytes ...  |
 *  |          | ts_nsec    |          |          |                     |
 *  +----------+------------+----------+----------+---------------------+
 * </pre>
 *
 * Follows the pcap file format of draft-ietf-opsawg-pcap and libpcap's savefile.c.
 */
public final class PcapReader implements CaptureReader {
  // Original lengths above this are not plausible when proving a boundary (BIG TCP stays below).
  private static final long MAX_PLAUSIBLE_ORIGINAL_LENGTH = 1 << 24;

  private final String source;
  private final ByteWindow window;
  private final PcapFileHeader header;
  private final FramingOptions options;
  private final int headerLength;
  private final long fractionsPerSecond;
  private final long nanosPerFraction;
  private long position;

  public PcapReader(
      String source, ByteWindow window, PcapFileHeader header, FramingOptions options) {
    this.source = requireNonNull(source, "source is null");
    this.window = requireNonNull(window, "window is null");
    this.header = requireNonNull(header, "header is null");
    this.options = requireNonNull(options, "options is null");
    this.headerLength = header.recordHeaderLength();
    this.fractionsPerSecond = header.nanosecond() ? EpochNanos.NANOS_PER_SECOND : 1_000_000L;
    this.nanosPerFraction = header.nanosecond() ? 1 : 1_000;
    this.position = PcapFileHeader.LENGTH;
  }

  public PcapFileHeader header() {
    return header;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public long firstRecordOffset() {
    return PcapFileHeader.LENGTH;
  }

  @Override
  public void seek(long offset) {
    position = offset;
  }

  @Override
  public PacketRecord next() throws IOException {
    return next(Long.MAX_VALUE);
  }

  @Override
  public PacketRecord next(long endOffset) throws IOException {
    RecordCursor cursor = new RecordCursor();
    return next(cursor, endOffset) ? cursor.toRecord(source) : null;
  }

  @Override
  public boolean next(RecordCursor cursor, long endOffset) throws IOException {
    long start = position;
    if (start >= endOffset) {
      return false;
    }
    window.release(start);
    int available = window.ensure(start, headerLength);
    if (available == 0) {
      return false;
    }
    if (available < headerLength) {
      truncatedHeader(cursor, start, available);
      return true;
    }
    boolean bigEndian = header.bigEndian();
    long capturedLength = window.unsignedInt32(start + 8, bigEndian);
    if (capturedLength > options.maxRecordBytes()) {
      corrupt(
          cursor,
          start,
          String.format(
              "incl_len %s exceeds the maximum record size %s",
              capturedLength, options.maxRecordBytes()));
      return true;
    }
    readRecord(cursor, start, (int) capturedLength, bigEndian);
    return true;
  }

  /** The input ends inside the record header at {@code start}: a truncated record, no data. */
  private void truncatedHeader(RecordCursor cursor, long start, int available) {
    position = start + available;
    cursor.set(
        start,
        FrameStatus.TRUNCATED,
        PacketRecord.NO_TIMESTAMP,
        0,
        header.linkType(),
        window.array(),
        0,
        0);
  }

  /**
   * Reads the record at {@code start}, whose incl_len {@code length} is within the bound: its data
   * in place in the window, truncated when the input ends inside it, or a corrupt region when
   * records resume after the end it claims.
   */
  private void readRecord(RecordCursor cursor, long start, int length, boolean bigEndian)
      throws IOException {
    long timestampNanos = timestampNanos(start, bigEndian);
    int originalLength =
        (int) Math.min(window.unsignedInt32(start + 12, bigEndian), Integer.MAX_VALUE);
    long dataStart = start + headerLength;
    int present = window.ensure(dataStart, length);
    if (present < length && corruptIfRecordsResume(cursor, start, length, dataStart + present)) {
      return;
    }
    position = dataStart + present;
    cursor.set(
        start,
        present < length ? FrameStatus.TRUNCATED : FrameStatus.OK,
        timestampNanos,
        originalLength,
        header.linkType(),
        window.array(),
        window.index(dataStart),
        present);
  }

  /** The timestamp of the record at {@code start}, in the file's resolution, as epoch nanos. */
  private long timestampNanos(long start, boolean bigEndian) {
    long seconds = window.unsignedInt32(start, bigEndian);
    long fraction = window.unsignedInt32(start + 4, bigEndian);
    return seconds * EpochNanos.NANOS_PER_SECOND + fraction * nanosPerFraction;
  }

  /**
   * For a record at {@code start} that runs past the end of the input at {@code end}: a capture cut
   * while being written ends this way; a damaged incl_len does too, but then records resume in the
   * bytes that remain. Sets a corrupt region up to them and returns true when they do; false when
   * the record is the last, cut short.
   */
  private boolean corruptIfRecordsResume(RecordCursor cursor, long start, int length, long end)
      throws IOException {
    long resume = resumePoint(start);
    if (resume < 0) {
      return false;
    }
    corrupt(
        cursor,
        start,
        resume,
        String.format(
            "incl_len %s runs past the end of the input at %s, records resume at %s",
            length, end, resume));
    return true;
  }

  private void corrupt(RecordCursor cursor, long start, String reason) throws IOException {
    if (!options.skipCorruptRegions()) {
      throw new CorruptCaptureException(source, start, reason);
    }
    corrupt(cursor, start, findBoundary(start + 1), reason);
  }

  private void corrupt(RecordCursor cursor, long start, long resume, String reason)
      throws CorruptCaptureException {
    if (!options.skipCorruptRegions()) {
      throw new CorruptCaptureException(source, start, reason);
    }
    position = resume;
    cursor.set(
        start,
        FrameStatus.CORRUPT_REGION,
        PacketRecord.NO_TIMESTAMP,
        (int) Math.min(resume - start, Integer.MAX_VALUE),
        header.linkType(),
        window.array(),
        0,
        0);
  }

  @Override
  public long findBoundary(long from) throws IOException {
    for (long candidate = Math.max(from, PcapFileHeader.LENGTH); ; candidate++) {
      window.release(candidate);
      int available = window.ensure(candidate, headerLength);
      if (available < headerLength) {
        // Fewer bytes than a record header remain: no record can start here or later.
        return candidate + available;
      }
      if (isChainAt(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * Where records resume after a record at {@code start} that runs past the end of the input: the
   * first offset after it where a chain starts ({@link #isChainAt}, as for a split boundary), or -1
   * when there is none and the record is the last, cut short. Only called once the input has ended,
   * so the bytes searched are already buffered; unlike {@link #findBoundary} it releases none of
   * them.
   */
  private long resumePoint(long start) throws IOException {
    long end = window.knownSize();
    for (long candidate = start + 1; candidate + headerLength <= end; candidate++) {
      if (isChainAt(candidate)) {
        return candidate;
      }
    }
    return -1;
  }

  /**
   * Whether a chain of {@link FramingOptions#syncChainLength()} plausible record headers starts at
   * {@code candidate}, or a shorter one that ends exactly at the end of the file.
   */
  private boolean isChainAt(long candidate) throws IOException {
    boolean bigEndian = header.bigEndian();
    long snaplenBound =
        header.snaplen() == 0
            ? options.maxRecordBytes()
            : Math.min(header.snaplen(), options.maxRecordBytes());
    long gapNanos = options.maxTimestampGapSeconds() * EpochNanos.NANOS_PER_SECOND;
    long at = candidate;
    long previousTimestamp = Long.MIN_VALUE;
    for (int count = 0; count < options.syncChainLength(); count++) {
      int available = window.ensure(at, headerLength);
      if (available == 0) {
        // A shorter chain proves the boundary only when it ends exactly at the end of the file.
        return count > 0 && window.knownSize() == at;
      }
      if (available < headerLength) {
        return false;
      }
      long seconds = window.unsignedInt32(at, bigEndian);
      long fraction = window.unsignedInt32(at + 4, bigEndian);
      long capturedLength = window.unsignedInt32(at + 8, bigEndian);
      long originalLength = window.unsignedInt32(at + 12, bigEndian);
      if (capturedLength == 0
          || capturedLength > snaplenBound
          || originalLength < capturedLength
          || originalLength > MAX_PLAUSIBLE_ORIGINAL_LENGTH
          || fraction >= fractionsPerSecond) {
        return false;
      }
      long timestamp = seconds * EpochNanos.NANOS_PER_SECOND + fraction * nanosPerFraction;
      if (previousTimestamp != Long.MIN_VALUE
          && Math.abs(timestamp - previousTimestamp) > gapNanos) {
        return false;
      }
      previousTimestamp = timestamp;
      at += headerLength + capturedLength;
    }
    return true;
  }
}
