package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import io.packetlake.pcap.framing.PcapngWriter;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestPcapRecordReader {
  private static final long T0 = 1_650_000_000_000_000_000L;

  @TempDir java.nio.file.Path directory;

  /** Like Trino's TestLineReader: every split size, on a file with a corrupt region inside. */
  @Test
  void everySplitSizeOfADamagedPcapReadsEachRecordOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 60; i++) {
        int length = 40 + (i * 13) % 90;
        writer.write(T0 + i * 1_000_000L, length, payload(length, i), 0, length);
      }
    }
    byte[] file = bytes.toByteArray();
    // Overwrite a stretch in the middle with bytes that are no record chain.
    for (int i = 1500; i < 1900; i++) {
      file[i] = (byte) 0xFF;
    }
    assertEverySplitSizeMatches(write("damaged.pcap", file), 20);
  }

  /** The cursor API reads, split by split, the records the key/value API reads. */
  @Test
  void cursorReadsWhatRecordsRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 60; i++) {
        int length = 40 + (i * 13) % 90;
        writer.write(T0 + i * 1_000_000L, length, payload(length, i), 0, length);
      }
    }
    byte[] file = bytes.toByteArray();
    for (int i = 1500; i < 1900; i++) {
      file[i] = (byte) 0xFF;
    }
    Configuration conf = new Configuration();
    for (java.nio.file.Path capture :
        List.of(
            write("damaged.pcap", file),
            TestCaptures.corpusPath("tls2.pcap"),
            TestCaptures.corpusPath("wireshark_samples-test.pcapng"))) {
      Path path = new Path(capture.toUri());
      long length = Files.size(capture);
      // Every record boundary case on the small file; a few hundred splits of the real ones.
      long[] sizes =
          length < 10_000
              ? new long[] {20, 97, 1000, length}
              : new long[] {length / 200 + 1, 16384, length};
      for (long size : sizes) {
        int records = 0;
        for (InputSplit split : SplitReading.splits(conf, path, size)) {
          List<String> expected = describe(SplitReading.read(conf, split));
          assertThat(describe(SplitReading.readWithCursor(conf, split)))
              .as("%s, split %s", capture.getFileName(), split)
              .containsExactlyElementsOf(expected);
          records += expected.size();
        }
        assertThat(records).as("%s, split size %s", capture.getFileName(), size).isPositive();
      }
    }
  }

  @Test
  void everySplitSizeOfAPcapWithALengthPastTheEndReadsEachRecordOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 40; i++) {
        writer.write(T0 + i * 1_000_000L, 100, payload(100, i), 0, 100);
      }
    }
    byte[] file = bytes.toByteArray();
    // The 12th record's incl_len points past the end of the file; records follow it.
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 12 * 116 + 8, 50_000);
    java.nio.file.Path capture = write("past-end.pcap", file);
    List<PacketRecord> records = TestCaptures.readAll(capture);
    assertThat(records).hasSize(40);
    assertThat(records.get(12).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(39).status()).isEqualTo(FrameStatus.OK);
    // Split ends before, at, inside and after the damaged record (1416 to 1532), and small splits
    // all through the region it claims; every size would add seconds and prove no more.
    List<Integer> sizes = new ArrayList<>(List.of(1400, 1416, 1417, 1480, 1532, 1533, 2000, 5000));
    for (int size = 40; size < 300; size += 17) {
      sizes.add(size);
    }
    assertSplitSizesMatch(capture, sizes);
  }

  @Test
  void everySplitSizeOfAPcapngWithSkippedBlocksReadsEachRecordOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, ByteOrder.BIG_ENDIAN)) {
      int ethernet = writer.addInterface(1, 65535, 9);
      for (int i = 0; i < 40; i++) {
        int length = 40 + (i * 29) % 120;
        writer.writeEnhancedPacket(ethernet, T0 + i * 1000L, length, payload(length, i), 0, length);
        if (i % 7 == 0) {
          writer.writeCustomBlock(payload(i, 99));
        }
        if (i % 11 == 0) {
          writer.writeSimplePacket(length, payload(length, i), 0, length);
        }
      }
    }
    assertEverySplitSizeMatches(write("mixed.pcapng", bytes.toByteArray()), 4);
  }

  @Test
  void gzipCaptureIsReadWholeByTheFirstSplit() throws Exception {
    java.nio.file.Path plain = TestCaptures.corpusPath("tls2.pcap");
    java.nio.file.Path compressed = directory.resolve("tls2.pcap.gz");
    java.nio.file.Path misnamed = directory.resolve("tls2-gzip.pcap");
    for (java.nio.file.Path target : List.of(compressed, misnamed)) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
        Files.copy(plain, out);
      }
    }
    List<String> expected = describe(TestCaptures.readAll(plain));
    Configuration conf = new Configuration();

    List<InputSplit> codecSplits = SplitReading.splits(conf, new Path(compressed.toUri()), 4096);
    assertThat(codecSplits).hasSize(1);
    assertThat(describe(SplitReading.readAll(conf, codecSplits)))
        .containsExactlyElementsOf(expected);

    // A gzip file without the .gz name is split by size, but only the first split reads it.
    List<InputSplit> magicSplits = SplitReading.splits(conf, new Path(misnamed.toUri()), 4096);
    assertThat(magicSplits.size()).isGreaterThan(10);
    assertThat(describe(SplitReading.readAll(conf, magicSplits)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void mostSmallSplitsOfRealCapturesFindTheirOwnBoundary() throws Exception {
    Configuration conf = new Configuration();
    for (String name :
        List.of(
            "tls2.pcap",
            "reversedtest.pcap",
            "nanosecs_big_endian.pcap",
            "wireshark_samples-test.pcapng",
            "1kxun.pcap")) {
      java.nio.file.Path capture = TestCaptures.corpusPath(name);
      List<InputSplit> splits = SplitReading.splits(conf, new Path(capture.toUri()), 16384);
      int reading = 0;
      for (InputSplit split : splits) {
        if (!SplitReading.read(conf, split).isEmpty()) {
          reading++;
        }
      }
      assertThat(reading)
          .as("%s: splits that found a boundary of %s", name, splits.size())
          .isGreaterThanOrEqualTo(splits.size() * 9 / 10);
    }
  }

  private void assertSplitSizesMatch(java.nio.file.Path capture, List<Integer> sizes)
      throws Exception {
    Configuration conf = new Configuration();
    Path path = new Path(capture.toUri());
    long length = Files.size(capture);
    List<String> expected = describe(TestCaptures.readAll(capture));
    assertThat(expected).isNotEmpty();
    for (int size : sizes) {
      List<InputSplit> splits = new ArrayList<>();
      for (long start = 0; start < length; start += size) {
        splits.add(new FileSplit(path, start, Math.min(size, length - start), new String[0]));
      }
      assertThat(describe(SplitReading.readAll(conf, splits)))
          .as("split size %s", size)
          .containsExactlyElementsOf(expected);
    }
  }

  private void assertEverySplitSizeMatches(java.nio.file.Path capture, int smallest)
      throws Exception {
    // Every size up to a few records, then a spread of larger ones up to the whole file.
    List<Integer> sizes = new ArrayList<>();
    for (int size = smallest; size <= Files.size(capture) + 1; size += size < 300 ? 1 : 41) {
      sizes.add(size);
    }
    assertSplitSizesMatch(capture, sizes);
  }

  private static List<String> describe(List<PacketRecord> records) {
    List<String> lines = new ArrayList<>();
    for (PacketRecord record : records) {
      lines.add(TestCaptures.describe(record));
    }
    return lines;
  }

  private static byte[] payload(int length, int seed) {
    byte[] data = new byte[length];
    ByteBuffer buffer = ByteBuffer.wrap(data);
    for (int i = 0; i < length; i++) {
      buffer.put((byte) (seed + i * 3));
    }
    return data;
  }

  private java.nio.file.Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }

  @Test
  void damagedRegionIsReportedAsOneCorruptRecord() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 50; i++) {
        writer.write(T0 + i * 1_000_000L, 100, payload(100, i), 0, 100);
      }
    }
    byte[] file = bytes.toByteArray();
    for (int i = 24 + 10 * 116 + 3; i < 24 + 13 * 116 + 50; i++) {
      file[i] = (byte) 0xFF;
    }
    List<PacketRecord> records = TestCaptures.readAll(write("region.pcap", file));
    assertThat(records)
        .filteredOn(record -> record.status() == FrameStatus.CORRUPT_REGION)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.offset()).isEqualTo(24 + 10 * 116);
              assertThat(record.originalLength()).isEqualTo(4 * 116);
            });
    assertThat(records).hasSize(50 - 4 + 1);
  }
}
