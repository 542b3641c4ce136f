package io.packetlake.pcap.framing;

/**
 * One framed record in mutable form, for loops that read millions of records and want to allocate
 * nothing per record: {@link CaptureReader#next(RecordCursor, long)} fills it in place.
 *
 * <p>The fields mean what they mean in {@link PacketRecord}. The captured bytes are {@code
 * buffer()[dataOffset(), dataOffset() + capturedLength())}; the buffer usually belongs to the
 * reader, so its contents are valid only until the reader's next call. {@link #toRecord(String)}
 * copies them out. Not thread-safe.
 */
public final class RecordCursor implements FramedRecord {
  private static final byte[] EMPTY = new byte[0];

  private long offset;
  private FrameStatus status = FrameStatus.OK;
  private long timestampNanos = PacketRecord.NO_TIMESTAMP;
  private int originalLength;
  private int linkType;
  private byte[] buffer = EMPTY;
  private int dataOffset;
  private int capturedLength;

  public RecordCursor() {}

  void set(
      long offset,
      FrameStatus status,
      long timestampNanos,
      int originalLength,
      int linkType,
      byte[] buffer,
      int dataOffset,
      int capturedLength) {
    this.offset = offset;
    this.status = status;
    this.timestampNanos = timestampNanos;
    this.originalLength = originalLength;
    this.linkType = linkType;
    this.buffer = buffer;
    this.dataOffset = dataOffset;
    this.capturedLength = capturedLength;
  }

  void set(PacketRecord record) {
    set(
        record.offset(),
        record.status(),
        record.timestampNanos(),
        record.originalLength(),
        record.linkType(),
        record.data(),
        0,
        record.data().length);
  }

  /** Byte offset of the record header (pcap) or block (pcapng) in the file. */
  @Override
  public long offset() {
    return offset;
  }

  @Override
  public FrameStatus status() {
    return status;
  }

  /** Capture time in nanoseconds since the epoch, or {@link PacketRecord#NO_TIMESTAMP}. */
  @Override
  public long timestampNanos() {
    return timestampNanos;
  }

  @Override
  public boolean hasTimestamp() {
    return timestampNanos != PacketRecord.NO_TIMESTAMP;
  }

  @Override
  public int originalLength() {
    return originalLength;
  }

  @Override
  public int linkType() {
    return linkType;
  }

  /** The array holding the captured bytes; valid until the reader's next call. */
  public byte[] buffer() {
    return buffer;
  }

  /** Index of the first captured byte in {@link #buffer()}. */
  public int dataOffset() {
    return dataOffset;
  }

  @Override
  public int capturedLength() {
    return capturedLength;
  }

  /** The record as an immutable value, with its bytes copied. */
  public PacketRecord toRecord(String source) {
    byte[] data =
        capturedLength == 0
            ? EMPTY
            : java.util.Arrays.copyOfRange(buffer, dataOffset, dataOffset + capturedLength);
    return new PacketRecord(source, offset, status, timestampNanos, originalLength, linkType, data);
  }
}
