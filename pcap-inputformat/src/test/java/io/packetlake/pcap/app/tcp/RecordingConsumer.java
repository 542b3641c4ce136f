package io.packetlake.pcap.app.tcp;

import io.packetlake.pcap.app.PayloadSegment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a reassembler delivers: the events as text ({@code data "abc" @5} for bytes
 * delivered by the segment at record offset 5, {@code gap 3 @6}, {@code end @7}) and the stream
 * bytes.
 */
public final class RecordingConsumer implements StreamConsumer {
  private final List<String> events = new ArrayList<>();
  private final ByteArrayOutputStream stream = new ByteArrayOutputStream();

  @Override
  public void data(byte[] bytes, int offset, int length, PayloadSegment trigger) {
    events.add(
        "data \"%s\" @%d"
            .formatted(
                new String(bytes, offset, length, StandardCharsets.ISO_8859_1),
                trigger.recordOffset()));
    stream.write(bytes, offset, length);
  }

  @Override
  public void gap(long missingBytes, PayloadSegment trigger) {
    events.add("gap %d @%d".formatted(missingBytes, trigger.recordOffset()));
  }

  @Override
  public void end(PayloadSegment last) {
    events.add(last == null ? "end" : "end @%d".formatted(last.recordOffset()));
  }

  public List<String> events() {
    return events;
  }

  /** The bytes of every {@link #data} call, concatenated. */
  public byte[] stream() {
    return stream.toByteArray();
  }

  /** {@link #stream()} as ISO-8859-1 text. */
  public String text() {
    return new String(stream(), StandardCharsets.ISO_8859_1);
  }
}
