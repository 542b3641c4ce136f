package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TestOptionValues {
  @Test
  void parsesByteSizesWithBinarySuffixes() {
    assertThat(OptionValues.parseByteSize("1048576")).isEqualTo(1_048_576L);
    assertThat(OptionValues.parseByteSize("512k")).isEqualTo(512L << 10);
    assertThat(OptionValues.parseByteSize("2g")).isEqualTo(2L << 30);
    assertThat(OptionValues.parseByteSize("2G")).isEqualTo(2L << 30);
    assertThat(OptionValues.parseByteSize("3GiB")).isEqualTo(3L << 30);
    assertThat(OptionValues.parseByteSize("1.5m")).isEqualTo(3L << 19);
    assertThat(OptionValues.parseByteSize("1t")).isEqualTo(1L << 40);
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThatThrownBy(() -> OptionValues.parseByteSize("two gigs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse size: 'two gigs' (expected a number with k, m, g or t, e.g. 2g)");
    assertThatThrownBy(() -> OptionValues.parseByteSize("-5"))
        .hasMessageStartingWith("Cannot parse size: '-5'");
    assertThatThrownBy(() -> OptionValues.parseByteSize("99999999999t"))
        .hasMessage("Cannot parse size: '99999999999t' is too large");
  }

  @Test
  void parsesShortAndIsoDurations() {
    assertThat(OptionValues.parseSpan("3d")).isEqualTo(Duration.ofDays(3));
    assertThat(OptionValues.parseSpan("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(OptionValues.parseSpan("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(OptionValues.parseSpan("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(OptionValues.parseSpan("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(OptionValues.parseSpan("1500ms")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(OptionValues.parseSpan("PT6H")).isEqualTo(Duration.ofHours(6));
    assertThat(OptionValues.parseSpan("P2D")).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThatThrownBy(() -> OptionValues.parseSpan("3 days"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse duration: '3 days' (expected e.g. 3d, 6h, 90m or PT6H)");
    assertThatThrownBy(() -> OptionValues.parseSpan("PT6X"))
        .hasMessage("Cannot parse duration: 'PT6X'");
    assertThatThrownBy(() -> OptionValues.parseSpan(""))
        .hasMessage("Cannot parse duration: '' is empty");
  }

  @Test
  void parsesInstantsWithOrWithoutAZone() {
    Instant midnight = Instant.parse("2024-01-01T00:00:00Z");
    assertThat(OptionValues.parseInstant("2024-01-01T00:00:00Z")).isEqualTo(midnight);
    assertThat(OptionValues.parseInstant("2024-01-01T08:00:00+08:00")).isEqualTo(midnight);
    assertThat(OptionValues.parseInstant("2024-01-01T00:00")).isEqualTo(midnight);
    assertThat(OptionValues.parseInstant("2024-01-01")).isEqualTo(midnight);
    assertThatThrownBy(() -> OptionValues.parseInstant("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse instant: 'yesterday' (expected e.g. 2024-01-01T00:00:00Z)");
  }
}
