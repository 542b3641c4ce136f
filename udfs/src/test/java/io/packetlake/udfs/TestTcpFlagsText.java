package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestTcpFlagsText {
  @ParameterizedTest
  @CsvSource({
    "0, ''",
    "1, F",
    "2, S",
    "4, R",
    "8, P",
    "16, A",
    "32, U",
    "64, E",
    "128, W",
    "256, N",
    "18, SA",
    "17, FA",
    "25, FPA",
    "20, RA",
    "24, PA",
    "194, SEW",
    "82, SAE",
    "511, FSRPAUEWN",
    "512, ''",
    "4095, FSRPAUEWN"
  })
  void letters(long flags, String expected) {
    assertThat(TcpFlagsText.toText(flags)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 4096, Long.MAX_VALUE, Long.MIN_VALUE})
  void outOfRangeIsNull(long flags) {
    assertThat(TcpFlagsText.toText(flags)).isNull();
  }
}
