package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip capture damaged part way: the records before the damage are kept and the end is flagged
 * with one CORRUPT_REGION record at the uncompressed offset reached, or, when corrupt regions fail
 * the read, a {@link CorruptCaptureException} there. Never the decompressor's own exception.
 */
final class TestDamagedGzip {
  private static final int RECORDS = 400;

  @TempDir java.nio.file.Path directory;

  @Test
  void cutAndOverwrittenGzipStreamsKeepTheRecordsBeforeTheDamage() throws Exception {
    byte[] plain = capture();
    List<String> expected = describe(TestCaptures.readAll(write("plain.pcap", plain)));
    byte[] compressed = gzip(plain);
    byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
    byte[] overwritten = compressed.clone();
    Arrays.fill(overwritten, compressed.length / 2, compressed.length / 2 + 64, (byte) 0x55);

    for (byte[] damaged : List.of(cut, overwritten)) {
      boolean exactUpToDamage = damaged == cut;
      // By codec (.gz), by magic number under another name, and through the local reader.
      java.nio.file.Path named = write("damaged.pcap.gz", damaged);
      java.nio.file.Path misnamed = write("damaged-gzip.pcap", damaged);
      List<List<PacketRecord>> reads =
          List.of(
              readSplits(named, FramingOptions.defaults()),
              readSplits(misnamed, FramingOptions.defaults()),
              readLocal(named, FramingOptions.defaults()));
      for (List<PacketRecord> records : reads) {
        PacketRecord last = records.get(records.size() - 1);
        assertThat(last.status()).isEqualTo(FrameStatus.CORRUPT_REGION);
        assertThat(last.originalLength()).isZero();
        // Overwritten deflate data can decompress to wrong bytes for a while before the
        // decompressor notices (gzip's CRC is checked only at the end of the stream), even more
        // bytes than the capture had; a cut stream gives exact records up to the cut.
        assertThat(last.offset())
            .isBetween(24L, exactUpToDamage ? plain.length - 1 : 2L * plain.length);
        List<PacketRecord> before = records.subList(0, records.size() - 1);
        // Every complete record before the damage is the record of the undamaged file.
        List<String> complete =
            describe(before.stream().filter(record -> record.status() == FrameStatus.OK).toList());
        assertThat(complete.size())
            .isBetween(RECORDS / 10, exactUpToDamage ? RECORDS - 1 : RECORDS);
        int exact = exactUpToDamage ? complete.size() : RECORDS / 10;
        assertThat(complete.subList(0, exact))
            .containsExactlyElementsOf(expected.subList(0, exact));
        List<PacketRecord> flagged =
            before.stream().filter(record -> record.status() != FrameStatus.OK).toList();
        if (exactUpToDamage) {
          assertThat(flagged)
              .allMatch(record -> record.status() == FrameStatus.TRUNCATED)
              .hasSizeLessThanOrEqualTo(1);
        } else {
          // Wrong bytes can also frame as a corrupt region before the decompressor fails.
          assertThat(flagged).allMatch(record -> record.offset() > before.get(exact - 1).offset());
        }
      }

      FramingOptions failing = FramingOptions.defaults().withSkipCorruptRegions(false);
      if (!exactUpToDamage) {
        // Failing at the damage, or at a corrupt region framed from wrong bytes before it.
        assertThatThrownBy(() -> readSplits(named, failing))
            .isInstanceOf(CorruptCaptureException.class)
            .hasMessageStartingWith("Cannot read capture " + new Path(named.toUri()) + " at ");
        continue;
      }
      long offset = reads.get(0).get(reads.get(0).size() - 1).offset();
      for (java.nio.file.Path path : List.of(named, misnamed)) {
        assertThatThrownBy(() -> readSplits(path, failing))
            .isInstanceOf(CorruptCaptureException.class)
            .hasMessageStartingWith(
                "Cannot read capture "
                    + new Path(path.toUri())
                    + " at offset "
                    + offset
                    + ": the compressed stream is damaged; decompression failed after "
                    + offset
                    + " uncompressed bytes (offsets of a compressed capture count uncompressed"
                    + " bytes): ")
            .hasCauseInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> readLocal(named, failing))
          .isInstanceOf(CorruptCaptureException.class)
          .hasMessageContaining(" at offset " + offset + ": the compressed stream is damaged");
    }
  }

  private List<PacketRecord> readSplits(java.nio.file.Path file, FramingOptions options)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PcapInputConfig.CORRUPT_REGIONS, options.skipCorruptRegions() ? "skip" : "fail");
    List<InputSplit> splits = SplitReading.splits(conf, new Path(file.toUri()), 4096);
    return SplitReading.readAll(conf, splits);
  }

  private static List<PacketRecord> readLocal(java.nio.file.Path file, FramingOptions options)
      throws IOException {
    List<PacketRecord> records = new ArrayList<>();
    try (CaptureReaders.OpenCapture capture = CaptureReaders.openLocal(file, options)) {
      for (PacketRecord record = capture.reader().next();
          record != null;
          record = capture.reader().next()) {
        records.add(record);
      }
    }
    return records;
  }

  /**
   * Records of random bytes from a small alphabet: Huffman-coded by deflate, so overwritten
   * compressed bytes fail decompression where they are rather than at the trailer's CRC.
   */
  private static byte[] capture() throws IOException {
    Random random = new Random(7);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] frame = new byte[60 + random.nextInt(200)];
        for (int at = 0; at < frame.length; at++) {
          frame[at] = (byte) random.nextInt(16);
        }
        writer.write(1_650_000_000_000_000_000L + i * 1000L, frame.length, frame, 0, frame.length);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  private static List<String> describe(List<PacketRecord> records) {
    List<String> lines = new ArrayList<>();
    records.forEach(record -> lines.add(TestCaptures.describe(record)));
    return lines;
  }

  private java.nio.file.Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }
}
