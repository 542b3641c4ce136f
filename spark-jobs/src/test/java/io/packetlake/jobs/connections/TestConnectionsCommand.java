package io.packetlake.jobs.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.jobs.cli.ConnectionsCommand;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

final class TestConnectionsCommand {
  @Test
  void optionsReadDatesAndDurations() {
    ParseResult result =
        new CommandLine(new ConnectionsCommand())
            .parseArgs(
                "--lake",
                "/tmp/lake",
                "--date",
                "2021-01-05",
                "-d",
                "2021-01-06",
                "--tcp-idle-timeout",
                "10m",
                "--udp-idle-timeout",
                "90s",
                "--icmp-idle-timeout",
                "PT2M",
                "--linger",
                "1500ms",
                "--responder-name-window",
                "10m");

    assertThat(result.<String>matchedOptionValue("--lake", null)).isEqualTo("/tmp/lake");
    assertThat(result.<List<LocalDate>>matchedOptionValue("--date", List.of()))
        .containsExactly(LocalDate.parse("2021-01-05"), LocalDate.parse("2021-01-06"));
    assertThat(result.<Duration>matchedOptionValue("--tcp-idle-timeout", null))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(result.<Duration>matchedOptionValue("--udp-idle-timeout", null))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(result.<Duration>matchedOptionValue("--icmp-idle-timeout", null))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(result.<Duration>matchedOptionValue("--linger", null))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(result.<Duration>matchedOptionValue("--responder-name-window", null))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void badDurationIsReportedWithTheAcceptedForms() {
    assertThatThrownBy(
            () ->
                new CommandLine(new ConnectionsCommand())
                    .parseArgs("--tcp-idle-timeout", "five minutes"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("Cannot read duration 'five minutes'")
        .hasMessageContaining("use e.g. 250ms, 30s, 5m, 2h or PT5M");
  }
}
