package io.packetlake.pcap.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TestPcapReader {
  private static final long T0 = 1_700_000_000_123_456_789L;

  @TempDir Path directory;

  @ParameterizedTest(name = "{0} nanosecond={1}")
  @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
  void readsAllFourMagicNumbers(String orderName, boolean nanosecond) throws IOException {
    ByteOrder order =
        orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, order, nanosecond, 1, 65535)) {
      writer.write(T0, 60, packet(60, 1), 0, 60);
      writer.write(T0 + 1_000_000_000L, 1514, packet(1514, 2), 0, 1514);
    }
    List<PacketRecord> records = TestCaptures.readAll(write("a.pcap", bytes.toByteArray()));

    long expectedFirst = nanosecond ? T0 : T0 / 1000 * 1000;
    assertThat(records).hasSize(2);
    assertThat(records.get(0).timestampNanos()).isEqualTo(expectedFirst);
    assertThat(records.get(1).timestampNanos()).isEqualTo(expectedFirst + 1_000_000_000L);
    assertThat(records.get(0).offset()).isEqualTo(24);
    assertThat(records.get(1).offset()).isEqualTo(24 + 16 + 60);
    assertThat(records.get(1).originalLength()).isEqualTo(1514);
    assertThat(records.get(1).data()).isEqualTo(packet(1514, 2));
    assertThat(records).allSatisfy(record -> assertThat(record.status()).isEqualTo(FrameStatus.OK));
    assertThat(records).allSatisfy(record -> assertThat(record.linkType()).isEqualTo(1));
  }

  @Test
  void readsModifiedFormatWithLongerRecordHeaders() throws IOException {
    ByteBuffer file = ByteBuffer.allocate(24 + 24 + 4).order(ByteOrder.LITTLE_ENDIAN);
    file.putInt(0xA1B2CD34).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    file.putInt(65535).putInt(1);
    file.putInt(1000)
        .putInt(5)
        .putInt(4)
        .putInt(4)
        .putInt(7)
        .putShort((short) 8)
        .putShort((short) 0);
    file.put(new byte[] {1, 2, 3, 4});
    List<PacketRecord> records = TestCaptures.readAll(write("modified.pcap", file.array()));
    assertThat(records).hasSize(1);
    assertThat(records.get(0).timestampNanos()).isEqualTo(1000_000_005_000L);
    assertThat(records.get(0).data()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void rejectsBadMagicNamingFileAndOffset() throws IOException {
    Path path = write("text.pcap", "hello, this is not a capture".getBytes());
    assertThatThrownBy(() -> TestCaptures.readAll(path))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture "
                + path
                + " at offset 0: not a pcap or pcapng file (magic 0x68656c6c)");
  }

  @Test
  void rejectsFilesShorterThanAHeader() throws IOException {
    Path path =
        write("short.pcap", new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2});
    assertThatThrownBy(() -> TestCaptures.readAll(path))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture "
                + path
                + " at offset 0: file is 5 bytes, shorter than the 24-byte pcap header");
  }

  @Test
  void reportsTruncatedLastRecordWithTheBytesPresent() throws IOException {
    byte[] full = twoRecords();
    byte[] cut = Arrays.copyOf(full, full.length - 10);
    List<PacketRecord> records = TestCaptures.readAll(write("cut.pcap", cut));
    assertThat(records).hasSize(2);
    assertThat(records.get(1).status()).isEqualTo(FrameStatus.TRUNCATED);
    assertThat(records.get(1).capturedLength()).isEqualTo(100 - 10);
    assertThat(records.get(1).originalLength()).isEqualTo(100);

    byte[] cutInHeader = Arrays.copyOf(full, 24 + 16 + 60 + 7);
    List<PacketRecord> headerCut = TestCaptures.readAll(write("cut2.pcap", cutInHeader));
    assertThat(headerCut).hasSize(2);
    assertThat(headerCut.get(1).status()).isEqualTo(FrameStatus.TRUNCATED);
    assertThat(headerCut.get(1).capturedLength()).isZero();
    assertThat(headerCut.get(1).hasTimestamp()).isFalse();
  }

  @Test
  void oversizedRecordIsACorruptRegionOrAnError() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 40; i++) {
        writer.write(T0 + i * 1000L, 80, packet(80, i), 0, 80);
      }
    }
    byte[] file = bytes.toByteArray();
    int damaged = 24 + 3 * 96;
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(damaged + 8, 0x7FFF_0000);
    Path path = write("long.pcap", file);

    List<PacketRecord> records = TestCaptures.readAll(path);
    assertThat(records.get(3).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(3).offset()).isEqualTo(damaged);
    assertThat(records.get(3).originalLength()).isEqualTo(96);
    assertThat(records).hasSize(40);
    assertThat(records.subList(4, 40))
        .allSatisfy(record -> assertThat(record.status()).isEqualTo(FrameStatus.OK));

    assertThatThrownBy(
            () ->
                TestCaptures.readAll(path, FramingOptions.defaults().withSkipCorruptRegions(false)))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture "
                + path
                + " at offset "
                + damaged
                + ": incl_len 2147418112 exceeds the maximum record size 262144");
  }

  @Test
  void boundaryIsFoundAtEveryOffsetOfAFile() throws IOException {
    byte[] file = twoRecordsAndMore(30);
    Path path = write("many.pcap", file);
    List<PacketRecord> records = TestCaptures.readAll(path);
    try (FileSource source = new FileSource(path)) {
      CaptureReader reader =
          CaptureReaders.open(path.toString(), ByteWindow.of(source), FramingOptions.defaults());
      for (int from = 0; from <= file.length; from++) {
        long boundary = reader.findBoundary(from);
        int at = from;
        long expected =
            records.stream()
                .mapToLong(PacketRecord::offset)
                .filter(offset -> offset >= at)
                .findFirst()
                .orElse(file.length);
        assertThat(boundary).as("boundary at or after %s", from).isEqualTo(expected);
      }
    }
  }

  private static byte[] twoRecords() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      writer.write(T0, 60, packet(60, 1), 0, 60);
      writer.write(T0 + 1000, 100, packet(100, 2), 0, 100);
    }
    return bytes.toByteArray();
  }

  static byte[] twoRecordsAndMore(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.BIG_ENDIAN, true, 1, 65535)) {
      for (int i = 0; i < count; i++) {
        int length = 42 + (i * 37) % 200;
        writer.write(T0 + i * 1_000_000L, length, packet(length, i), 0, length);
      }
    }
    return bytes.toByteArray();
  }

  static byte[] packet(int length, int seed) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (seed * 31 + i * 7);
    }
    return data;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }
}
