package io.packetlake.pcap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application-layer pass finds the same messages, record for record and value for value,
 * whatever the split size the captures are read with and whatever the order the captures come in:
 * on every readable capture of the corpus that has a packet the pass examines.
 */
final class TestPassSplitEquivalence {
  // Bounds the work per capture, as the packet reader's split test does.
  private static final int MAX_SPLITS_PER_SIZE = 1500;

  static Stream<Path> captures() throws Exception {
    List<Path> examined = new ArrayList<>();
    for (Path capture : TestCaptures.readable()) {
      if (!CapturePass.segments(capture).isEmpty()) {
        examined.add(capture);
      }
    }
    return examined.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void messagesDoNotDependOnTheSplitSize(Path capture) throws Exception {
    List<String> expected = describe(CapturePass.segments(capture));
    assertThat(expected).as("messages of %s", capture.getFileName()).isNotEmpty();
    long length = Files.size(capture);
    for (long size : splitSizes(length)) {
      assertThat(describe(CapturePass.segments(capture, size)))
          .as("%s read in splits of %s bytes", capture.getFileName(), size)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void messagesDoNotDependOnTheOrderOfTheCaptures() throws Exception {
    List<Path> captures = captures().toList();
    assertThat(captures.size()).isGreaterThanOrEqualTo(20);
    List<PayloadSegment> forward = new ArrayList<>();
    List<PayloadSegment> backward = new ArrayList<>();
    for (Path capture : captures) {
      forward.addAll(CapturePass.segments(capture));
    }
    List<Path> reversed = new ArrayList<>(captures);
    Collections.reverse(reversed);
    for (Path capture : reversed) {
      backward.addAll(CapturePass.segments(capture));
    }
    List<String> expected = describe(forward);
    assertThat(describe(backward)).containsExactlyElementsOf(expected);
  }

  private static List<String> describe(List<PayloadSegment> segments) {
    return CapturePass.messages(segments, FlowPass.DEFAULT_MAX_STREAM_BYTES).stream()
        .map(CapturePass::describe)
        .toList();
  }

  private static Set<Long> splitSizes(long length) {
    Set<Long> sizes = new LinkedHashSet<>();
    for (long size : new long[] {97, 300, 1000, 4096, 65536, length / 3, length / 2, length + 1}) {
      sizes.add(Math.max(Math.max(size, 1), length / MAX_SPLITS_PER_SIZE));
    }
    return sizes;
  }
}
