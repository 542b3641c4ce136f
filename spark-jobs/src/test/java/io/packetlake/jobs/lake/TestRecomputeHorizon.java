package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestRecomputeHorizon {
  @Test
  void reachOfLessThanADayRecomputesTheDayBefore() {
    RecomputeHorizon horizon = RecomputeHorizon.reaching(Duration.ofMinutes(5).plusSeconds(5));

    assertThat(horizon.daysBefore()).isEqualTo(1);
    assertThat(horizon.recomputed(List.of(day(10), day(20))))
        .containsExactly(day(9), day(10), day(19), day(20));
  }

  @Test
  void reachOverADayRecomputesEveryDayItSpans() {
    assertThat(RecomputeHorizon.reaching(Duration.ofDays(1)).daysBefore()).isEqualTo(1);
    assertThat(RecomputeHorizon.reaching(Duration.ofDays(1).plusSeconds(1)).daysBefore())
        .isEqualTo(2);
    assertThat(new RecomputeHorizon(2).recomputed(List.of(day(10))))
        .containsExactly(day(8), day(9), day(10));
  }

  @Test
  void recomputedDatesAreThoseWithPackets() {
    RecomputeHorizon horizon = new RecomputeHorizon(1);
    List<LocalDate> available = List.of(day(1), day(9), day(10), day(11));

    assertThat(horizon.recomputed(false, List.of(day(10)), available))
        .containsExactly(day(9), day(10));
    assertThat(horizon.recomputed(true, List.of(), available)).containsExactlyElementsOf(available);
  }

  @Test
  void marginReadsTheDaysEitherSide() {
    assertThat(new RecomputeHorizon(1).withMargin(List.of(day(9), day(10))))
        .containsExactly(day(8), day(9), day(10), day(11));
  }

  @Test
  void rejectsAHorizonWithoutTheDayBefore() {
    assertThatThrownBy(() -> new RecomputeHorizon(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot recompute: days before a changed date must be at least 1: 0");
  }

  private static LocalDate day(int dayOfMonth) {
    return LocalDate.of(2024, 5, dayOfMonth);
  }
}
