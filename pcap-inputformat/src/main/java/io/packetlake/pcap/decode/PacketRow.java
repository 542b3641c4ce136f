package io.packetlake.pcap.decode;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.FramedRecord;
import java.nio.charset.StandardCharsets;

/**
 * One packet as the {@link PacketColumn}s read it: a framed record, its decoded headers and the
 * capture it was read from. Made once per capture and pointed at record after record with {@link
 * #set}, so that filling a row allocates nothing. Not thread-safe.
 */
public final class PacketRow {
  private final byte[] captureFile;
  private final byte[] captureId;
  private final PacketHeaders notDecoded = new PacketHeaders();
  private final StringBuilder text = new StringBuilder(64);
  private final FlowKeyHasher flowKeyHasher = new FlowKeyHasher();
  private FramedRecord record;
  private PacketHeaders headers = notDecoded;

  /**
   * @param captureFile the value of {@code capture_file} for every row
   * @param captureId the value of {@code capture_id} for every row
   */
  public PacketRow(String captureFile, String captureId) {
    this.captureFile =
        requireNonNull(captureFile, "captureFile is null").getBytes(StandardCharsets.UTF_8);
    this.captureId =
        requireNonNull(captureId, "captureId is null").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Points the row at a record and its decoded headers, or at a record whose frame was not decoded
   * when {@code headers} is null. Both are read by {@link PacketColumn#write} and not copied.
   */
  public PacketRow set(FramedRecord record, PacketHeaders headers) {
    this.record = requireNonNull(record, "record is null");
    this.headers = headers == null ? notDecoded : headers;
    return this;
  }

  /** Points the row at headers alone, for columns that read nothing else. */
  void setHeaders(PacketHeaders headers) {
    this.headers = headers;
  }

  FlowKeyHasher flowKeyHasher() {
    return flowKeyHasher;
  }

  FramedRecord record() {
    return record;
  }

  PacketHeaders headers() {
    return headers;
  }

  byte[] captureFile() {
    return captureFile;
  }

  byte[] captureId() {
    return captureId;
  }

  /** An emptied builder for formatting one text value. */
  StringBuilder text() {
    text.setLength(0);
    return text;
  }
}
