package io.packetlake.pcap.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.RecordCursor;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free path (a {@link RecordCursor} over the reader's buffer, decoding into one
 * reused {@link PacketHeaders}) gives, on every real capture, the records and headers of the value
 * path.
 */
class TestReusableDecoding {
  private final PacketDecoder decoder = new PacketDecoder();

  @Test
  void cursorAndHolderMatchRecordsAndValuesOnEveryCapture() throws IOException {
    long packets = 0;
    PacketHeaders holder = new PacketHeaders();
    PacketHeaders padded = new PacketHeaders();
    RecordCursor cursor = new RecordCursor();
    List<String> mismatches = new ArrayList<>();
    for (Path file : TestCaptures.readable()) {
      try (CaptureReaders.OpenCapture values =
              CaptureReaders.openLocal(file, FramingOptions.defaults());
          CaptureReaders.OpenCapture cursors =
              CaptureReaders.openLocal(file, FramingOptions.defaults())) {
        for (PacketRecord record = values.reader().next();
            record != null;
            record = values.reader().next()) {
          assertThat(cursors.reader().next(cursor, Long.MAX_VALUE)).as("%s", file).isTrue();
          String where = file.getFileName() + " at " + record.offset();
          if (!sameRecord(cursor, record)) {
            mismatches.add(
                where + ": record " + TestCaptures.describe(cursor.toRecord(record.source())));
          }

          PacketHeaders expected =
              decoder.decode(record.linkType(), record.data(), record.originalLength());
          decoder.decode(
              holder,
              cursor.linkType(),
              cursor.buffer(),
              cursor.dataOffset(),
              cursor.capturedLength(),
              cursor.originalLength());
          if (!holder.toString().equals(expected.toString())) {
            mismatches.add(where + ": " + holder + " instead of " + expected);
          }
          if (packets % 97 == 0) {
            assertAccessors(holder, expected);
          }

          // The same bytes inside a larger array, with bytes after them that must not be read.
          byte[] data = record.data();
          byte[] larger = new byte[data.length + 71];
          Arrays.fill(larger, (byte) 0x45);
          System.arraycopy(data, 0, larger, 7, data.length);
          decoder.decode(
              padded, record.linkType(), larger, 7, data.length, record.originalLength());
          if (!padded.toString().equals(expected.toString())) {
            mismatches.add(where + ", padded: " + padded + " instead of " + expected);
          }
          packets++;
        }
        assertThat(cursors.reader().next(cursor, Long.MAX_VALUE)).as("%s at end", file).isFalse();
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(packets).isGreaterThan(10_000);
  }

  @Test
  void rangeOutsideTheArrayIsRejected() {
    assertThatThrownBy(() -> decoder.decode(new PacketHeaders(), 1, new byte[10], 4, 7, 7))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static boolean sameRecord(RecordCursor cursor, PacketRecord record) {
    return cursor.offset() == record.offset()
        && cursor.status() == record.status()
        && cursor.timestampNanos() == record.timestampNanos()
        && cursor.originalLength() == record.originalLength()
        && cursor.linkType() == record.linkType()
        && Arrays.equals(
            cursor.buffer(),
            cursor.dataOffset(),
            cursor.dataOffset() + cursor.capturedLength(),
            record.data(),
            0,
            record.capturedLength());
  }

  private static void assertAccessors(PacketHeaders holder, PacketHeaders expected) {
    assertThat(holder.status()).isEqualTo(expected.status());
    assertThat(holder.ipProtocol()).isEqualTo(expected.ipProtocol());
    assertThat(holder.sourcePort()).isEqualTo(expected.sourcePort());
    assertThat(holder.destinationPort()).isEqualTo(expected.destinationPort());
    assertThat(holder.tcpFlags()).isEqualTo(expected.tcpFlags());
    assertThat(holder.payloadLength()).isEqualTo(expected.payloadLength());
    assertThat(holder.sourceAddress()).isEqualTo(expected.sourceAddress());
    assertThat(holder.destinationAddress()).isEqualTo(expected.destinationAddress());
    byte[] source = expected.sourceAddress();
    if (source != null && source.length == 4) {
      assertThat(holder.sourceIpv4())
          .isEqualTo(
              ((source[0] & 0xFFL) << 24)
                  | ((source[1] & 0xFF) << 16)
                  | ((source[2] & 0xFF) << 8)
                  | (source[3] & 0xFF));
    } else {
      assertThat(holder.sourceIpv4()).isEqualTo(-1);
    }
  }
}
