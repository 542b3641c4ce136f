package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

/**
 * One framed record of a capture: the bytes a capture tool wrote for one packet, with the metadata
 * the file format carries for it. Nothing here is decoded.
 *
 * @param source the file the record was read from, as given to the reader
 * @param offset byte offset of the record header (pcap) or block (pcapng) in the file
 * @param status whether the record was framed completely; see {@link FrameStatus}
 * @param timestampNanos capture time in nanoseconds since the Unix epoch (UTC), or {@link
 *     #NO_TIMESTAMP} when the format has none for the record (pcapng Simple Packet Blocks) or the
 *     record is not a packet (corrupt regions, records cut before their timestamp)
 * @param originalLength length of the packet on the wire ({@code orig_len})
 * @param linkType the LINKTYPE_* value that says how {@code data} starts
 * @param data the captured bytes; its length is the captured length ({@code incl_len})
 */
public record PacketRecord(
    String source,
    long offset,
    FrameStatus status,
    long timestampNanos,
    int originalLength,
    int linkType,
    byte[] data)
    implements FramedRecord {

  /** The timestamp of a record that has none. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public PacketRecord {
    requireNonNull(source, "source is null");
    requireNonNull(status, "status is null");
    requireNonNull(data, "data is null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (originalLength < 0) {
      throw new IllegalArgumentException("originalLength is negative: " + originalLength);
    }
  }

  @Override
  public boolean hasTimestamp() {
    return timestampNanos != NO_TIMESTAMP;
  }

  /** Length of {@link #data()}, the captured length. */
  @Override
  public int capturedLength() {
    return data.length;
  }
}
