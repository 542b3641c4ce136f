package io.packetlake.pcap.app.tcp;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.IpProtocols;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built TCP segments of one direction (10.0.0.1:40000 to 10.0.0.2:53); the record offset names
 * each segment and orders them in time.
 */
public final class Segments {
  public static final int NO_FLAGS = 0;

  private Segments() {}

  /** A segment whose payload was captured whole. */
  public static PayloadSegment segment(
      long recordOffset, long sequence, int flags, byte[] payload) {
    return cut(recordOffset, sequence, flags, payload, payload.length);
  }

  /** A data segment carrying the ASCII bytes of {@code text}. */
  public static PayloadSegment segment(long recordOffset, long sequence, String text) {
    return segment(recordOffset, sequence, NO_FLAGS, ascii(text));
  }

  /** A segment of {@code wireLength} payload bytes of which only {@code captured} were kept. */
  public static PayloadSegment cut(
      long recordOffset, long sequence, int flags, byte[] captured, int wireLength) {
    return new PayloadSegment(
        "capture",
        "capture.pcap",
        recordOffset,
        1_000_000_000L * recordOffset,
        IpProtocols.TCP,
        "10.0.0.1",
        40000,
        "10.0.0.2",
        53,
        42,
        sequence,
        flags,
        wireLength,
        captured);
  }

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
