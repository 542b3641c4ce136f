package io.packetlake.pcap.framing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of pcap and pcapng framing over arbitrary bytes. Each input is a whole
 * file; {@link FramingInvariants} says what must hold for every input.
 *
 * <p>A normal build runs the inputs under {@code src/test/resources/.../TestFramingFuzzInputs/}
 * (seeds made by {@code FuzzSeeds}, and inputs that once failed); see docs/ARCHITECTURE.md for the
 * command that fuzzes.
 */
class TestFramingFuzz {
  // A small bound, so that inputs the fuzzer can reach exceed it.
  static final FramingOptions OPTIONS =
      FramingOptions.defaults().withMaxRecordBytes(256).withSyncChainLength(4);

  @FuzzTest(maxDuration = "5m")
  void pcapFraming(byte[] input) throws IOException {
    FramingInvariants.check(input, OPTIONS);
  }

  @FuzzTest(maxDuration = "5m")
  void pcapngFraming(byte[] input) throws IOException {
    FramingInvariants.check(input, OPTIONS);
  }
}
