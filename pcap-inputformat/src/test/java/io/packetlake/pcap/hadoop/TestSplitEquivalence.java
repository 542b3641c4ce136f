package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every real capture and many split sizes, the records of all splits, in split order, are the
 * records of the unsplit file: same offsets, timestamps, lengths, link types and bytes.
 */
final class TestSplitEquivalence {
  // Bounds the work per capture: tiny split sizes on MB-sized files would make thousands of tasks.
  private static final int MAX_SPLITS_PER_SIZE = 1500;

  static Stream<java.nio.file.Path> captures() {
    return TestCaptures.readable().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void unionOfSplitsIsTheUnsplitRead(java.nio.file.Path capture) throws Exception {
    Configuration conf = new Configuration();
    Path path = new Path(capture.toUri());
    long length = Files.size(capture);

    List<String> expected = describe(TestCaptures.readAll(capture));
    List<String> whole =
        describe(SplitReading.readAll(conf, SplitReading.splits(conf, path, Long.MAX_VALUE)));
    assertThat(whole).as("one split over the whole file").containsExactlyElementsOf(expected);

    for (long size : splitSizes(length)) {
      List<InputSplit> splits = SplitReading.splits(conf, path, size);
      List<String> actual = describe(SplitReading.readAll(conf, splits));
      assertThat(actual)
          .as("%s read in %s splits of %s bytes", capture.getFileName(), splits.size(), size)
          .containsExactlyElementsOf(expected);
    }
  }

  static Set<Long> splitSizes(long length) {
    Set<Long> sizes = new LinkedHashSet<>();
    for (long size : new long[] {97, 300, 1000, 4096, 65536, length / 3, length / 2, length + 1}) {
      sizes.add(Math.max(Math.max(size, 1), length / MAX_SPLITS_PER_SIZE));
    }
    return sizes;
  }

  private static List<String> describe(List<PacketRecord> records) {
    List<String> lines = new ArrayList<>(records.size());
    for (PacketRecord record : records) {
      lines.add(TestCaptures.describe(record));
    }
    return lines;
  }
}
