package io.packetlake.pcap.framing;

/**
 * What framing tells of one record, whether it is held as an immutable {@link PacketRecord} or in a
 * reused {@link RecordCursor}: everything but the captured bytes, which the two hold differently.
 */
public interface FramedRecord {
  /** Byte offset of the record header (pcap) or block (pcapng) in the file. */
  long offset();

  /** Whether the record was framed completely; see {@link FrameStatus}. */
  FrameStatus status();

  /** Capture time in nanoseconds since the epoch (UTC), or {@link PacketRecord#NO_TIMESTAMP}. */
  long timestampNanos();

  /** Whether the record has a capture time. */
  boolean hasTimestamp();

  /** Length of the packet on the wire ({@code orig_len}). */
  int originalLength();

  /** Number of bytes captured ({@code incl_len}). */
  int capturedLength();

  /** The LINKTYPE_* value that says how the captured bytes start. */
  int linkType();
}
