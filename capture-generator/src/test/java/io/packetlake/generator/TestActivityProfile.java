package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TestActivityProfile {
  private static final long HOUR = 3_600_000_000_000L;
  // A Monday.
  private static final long START =
      Instant.parse("2024-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

  @Test
  void mapsFractionsMonotonicallyOntoTheSpan() {
    ActivityProfile profile = new ActivityProfile(START, 7 * 24 * HOUR, 1);
    assertThat(profile.timeAt(0)).isEqualTo(START);
    assertThat(profile.timeAt(1)).isEqualTo(START + 7 * 24 * HOUR);
    assertThat(profile.timeAt(-1)).isEqualTo(START);
    long previous = START;
    for (int step = 1; step <= 10_000; step++) {
      long time = profile.timeAt(step / 10_000.0);
      assertThat(time).isGreaterThanOrEqualTo(previous);
      previous = time;
    }
  }

  @Test
  void busyAfternoonsQuietNightsAndWeekends() {
    assertThat(ActivityProfile.rate(START + 14 * HOUR)).isEqualTo(1.0);
    assertThat(ActivityProfile.rate(START + 3 * HOUR)).isLessThan(0.2);
    // Saturday afternoon.
    assertThat(ActivityProfile.rate(START + (5 * 24 + 14) * HOUR)).isLessThan(0.5);
    ActivityProfile profile = new ActivityProfile(START, 24 * HOUR, 1);
    long median = profile.timeAt(0.5);
    assertThat(median).isBetween(START + 12 * HOUR, START + 16 * HOUR);
  }

  @Test
  void handlesSpansShorterThanABucket() {
    ActivityProfile profile = new ActivityProfile(START, 5_000_000_000L, 1);
    assertThat(profile.timeAt(0.5)).isEqualTo(START + 2_500_000_000L);
  }
}
