package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class TestInternetChecksum {
  @Test
  void matchesTheExampleOfRfc1071() {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the end-around carry).
    byte[] bytes = {
      0x00, 0x01, (byte) 0xF2, 0x03, (byte) 0xF4, (byte) 0xF5, (byte) 0xF6, (byte) 0xF7
    };
    assertThat(InternetChecksum.finish(InternetChecksum.sum(bytes, 0, bytes.length)))
        .isEqualTo(~0xDDF2 & 0xFFFF);
  }

  @Test
  void agreesWithAWordByWordSumAtAnyOffsetAndLength() {
    SplittableRandom random = new SplittableRandom(5);
    byte[] bytes = new byte[2_000];
    random.nextBytes(bytes);
    for (int trial = 0; trial < 2_000; trial++) {
      int offset = random.nextInt(100);
      int length = random.nextInt(bytes.length - offset);
      int expected = ~TestGeneratedPacketValidity.sum(bytes, offset, length, 0) & 0xFFFF;
      assertThat(InternetChecksum.finish(InternetChecksum.sum(bytes, offset, length)))
          .as("offset %s length %s", offset, length)
          .isEqualTo(expected);
    }
  }
}
