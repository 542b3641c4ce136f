package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.packetlake.pcap.framing.ByteArraySource;
import io.packetlake.pcap.framing.ByteWindow;
import io.packetlake.pcap.framing.CaptureReader;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FramingInvariants;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Coverage-guided fuzzing of the split ownership rule ({@link PcapRecordReader}, {@link
 * CaptureReader#findBoundary(long)}): a fuzzed capture is cut into splits of a fuzzed size and read
 * split by split the way tasks read it. Either the records of all splits in order are the records
 * of the unsplit read, or a split fails with a {@link SplitBoundaryException} naming the file.
 *
 * <pre>
 *  0            2                  3
 *  +------------+------------------+--------------------------
 *  | split size | sync chain length| capture file ...
 *  +------------+------------------+--------------------------
 *   split size: big-endian, 1 + value; chain length: 2 + value % 15
 * </pre>
 */
class TestSplitFuzz {
  static final int HEADER = 3;
  private static final int MAX_RECORD_BYTES = 512;
  private static final java.nio.file.Path FILE = temporaryFile();
  private static final Configuration BASE = new Configuration();

  @FuzzTest(maxDuration = "5m")
  void splitOwnership(byte[] input) throws Exception {
    if (input.length < HEADER) {
      return;
    }
    int splitSize = 1 + (((input[0] & 0xFF) << 8) | (input[1] & 0xFF));
    int chainLength = 2 + (input[2] & 0xFF) % 15;
    byte[] capture = Arrays.copyOfRange(input, HEADER, input.length);
    if (capture.length >= 2 && capture[0] == (byte) 0x1F && capture[1] == (byte) 0x8B) {
      // Compressed captures are never split: the split at offset 0 reads them whole.
      return;
    }
    FramingOptions options =
        FramingOptions.defaults()
            .withMaxRecordBytes(MAX_RECORD_BYTES)
            .withSyncChainLength(chainLength);
    Configuration conf = new Configuration(BASE);
    conf.setInt(PcapInputConfig.MAX_RECORD_BYTES, MAX_RECORD_BYTES);
    conf.setInt(PcapInputConfig.SYNC_CHAIN_LENGTH, chainLength);
    Files.write(FILE, capture);
    Path path = new Path(FILE.toUri());
    String source = path.toString();

    FramingInvariants.Outcome unsplit = FramingInvariants.check(capture, options);
    List<InputSplit> splits = new ArrayList<>();
    for (long start = 0; start < capture.length; start += splitSize) {
      splits.add(new FileSplit(path, start, Math.min(splitSize, capture.length - start), null));
    }
    if (unsplit.failure() != null) {
      // The file header is bad: every split fails on it, naming the file.
      for (InputSplit split : splits) {
        assertThatThrownBy(() -> SplitReading.read(conf, split))
            .isInstanceOf(CorruptCaptureException.class)
            .hasMessageStartingWith("Cannot read capture " + source + " at offset ");
      }
      return;
    }

    checkBoundaries(capture, options, splitSize);
    List<String> expected = new ArrayList<>();
    unsplit.records().forEach(record -> expected.add(TestCaptures.describe(record)));
    List<String> actual = new ArrayList<>();
    try {
      for (PacketRecord record : SplitReading.readAll(conf, splits)) {
        actual.add(TestCaptures.describe(record));
      }
    } catch (SplitBoundaryException e) {
      assertThat(e.source()).isEqualTo(source);
      assertThat(e.offset()).isBetween(0L, (long) capture.length);
      assertThat(e.getMessage()).startsWith("Cannot read capture " + source + " at offset ");
      return;
    }
    assertThat(actual)
        .as("records of splits of %s bytes", splitSize)
        .containsExactlyElementsOf(expected);
  }

  /** Boundaries lie ahead of where they are looked for, and a boundary is its own boundary. */
  private static void checkBoundaries(byte[] capture, FramingOptions options, int splitSize)
      throws IOException {
    CaptureReader reader =
        CaptureReaders.open("fuzz.cap", ByteWindow.of(new ByteArraySource(capture)), options);
    long previous = 0;
    for (long start = splitSize; start < capture.length; start += splitSize) {
      long boundary = reader.findBoundary(start);
      assertThat(boundary)
          .as("boundary at or after %s", start)
          .isGreaterThanOrEqualTo(Math.max(start, previous))
          .isLessThanOrEqualTo(capture.length);
      assertThat(reader.findBoundary(boundary)).as("boundary of %s", boundary).isEqualTo(boundary);
      previous = boundary;
    }
  }

  private static java.nio.file.Path temporaryFile() {
    try {
      java.nio.file.Path directory = Files.createTempDirectory("split-fuzz");
      directory.toFile().deleteOnExit();
      java.nio.file.Path file = directory.resolve("capture.pcap");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
