package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A capture that cannot be framed at a given byte offset: bad magic, impossible lengths, etc.
 * Subclassed only to tell particular outcomes apart, never to change the message format.
 */
public class CorruptCaptureException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;
  private final String reason;

  public CorruptCaptureException(String source, long offset, String reason) {
    super(
        String.format(
            "Cannot read capture %s at offset %s: %s",
            requireNonNull(source, "source is null"), offset, reason));
    this.source = source;
    this.offset = offset;
    this.reason = reason;
  }

  public CorruptCaptureException(String source, long offset, String reason, Throwable cause) {
    this(source, offset, reason);
    initCause(cause);
  }

  public String source() {
    return source;
  }

  public long offset() {
    return offset;
  }

  /** What is wrong at {@link #offset()}, without the capture and offset the message starts with. */
  public String reason() {
    return reason;
  }
}
