package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestPeriods {
  @ParameterizedTest
  @CsvSource({
    "2024-03-05T17:42:10.123456Z, minute, 2024-03-05T17:42:00Z",
    "2024-03-05T17:42:10.123456Z, hour, 2024-03-05T17:00:00Z",
    "2024-03-05T17:42:10.123456Z, day, 2024-03-05T00:00:00Z",
    "2024-03-05T17:42:10.123456Z, month, 2024-03-01T00:00:00Z",
    "2024-03-05T17:42:10.123456Z, year, 2024-01-01T00:00:00Z",
    "2024-03-05T17:42:10Z, ' HOUR ', 2024-03-05T17:00:00Z",
    "2024-02-29T23:59:59.999999Z, month, 2024-02-01T00:00:00Z",
    "2024-12-31T23:59:59.999999Z, year, 2024-01-01T00:00:00Z",
    "1969-12-31T23:59:59.5Z, minute, 1969-12-31T23:59:00Z",
    "1969-12-31T23:59:59.5Z, year, 1969-01-01T00:00:00Z",
    "2024-01-01T00:00:00Z, day, 2024-01-01T00:00:00Z"
  })
  void periodStarts(String instant, String grain, String expected) {
    assertThat(Periods.start(Instant.parse(instant), grain)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "week", "second", "minutes", "quarter"})
  void unknownGrainIsNull(String grain) {
    assertThat(Periods.start(Instant.parse("2024-03-05T17:42:10Z"), grain)).isNull();
  }

  @Test
  void datesAndNulls() {
    assertThat(Periods.start(LocalDate.parse("2024-03-05"), "month"))
        .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(Periods.start((Instant) null, "day")).isNull();
    assertThat(Periods.start((LocalDate) null, "day")).isNull();
    assertThat(Periods.start(Instant.EPOCH, null)).isNull();
  }
}
