package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.ConnectionResult;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.connections.ResponderNames;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code packetlake connections}: the {@code packets} table into the {@code connections} table. */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = {
      "Groups the packets of <lake>/packets into connections and writes <lake>/connections,"
          + " naming responders from the DNS answers of <lake>/dns.",
      "With --date, recomputes the connections those dates' packets can change (the start dates"
          + " d and d-1, from the packets of d-2 to d+1); without, every date."
    })
public final class ConnectionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StageOptions stage = new StageOptions();

  @Option(
      names = "--tcp-idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "TCP idle timeout, e.g. 300s, 5m (default: 5m).")
  Duration tcpIdle = FlowTimeouts.defaults().tcpIdle();

  @Option(
      names = "--udp-idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "UDP idle timeout (default: 1m).")
  Duration udpIdle = FlowTimeouts.defaults().udpIdle();

  @Option(
      names = "--icmp-idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "ICMP and ICMPv6 idle timeout (default: 1m).")
  Duration icmpIdle = FlowTimeouts.defaults().icmpIdle();

  @Option(
      names = "--other-idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Idle timeout of other IP protocols (default: 1m).")
  Duration otherIdle = FlowTimeouts.defaults().otherIdle();

  @Option(
      names = "--linger",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a TCP connection closed by FIN both ways or RST keeps later packets"
              + " (default: 5s).")
  Duration linger = FlowTimeouts.defaults().linger();

  @Option(
      names = "--responder-name-window",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long before a connection's first packet a DNS answer the originator received"
              + " names its responder (responder_name; default: 1h, at most 7d).")
  Duration responderNameWindow = ResponderNames.DEFAULT_WINDOW;

  @Override
  public Integer call() throws Exception {
    Lake lake = stage.lake();
    PrintWriter out = spec.commandLine().getOut();
    return StageRun.inSession(
        "packetlake connections",
        spark ->
            StageRun.stage(
                spark,
                lake,
                Stage.CONNECTIONS,
                spec,
                ledger -> ConnectionJob.run(spark, config(lake), ledger),
                (result, elapsed, ledger) -> printSummary(out, lake, result, elapsed, ledger)));
  }

  private ConnectionConfig config(Lake lake) {
    ConnectionConfig dates =
        stage.dates.isEmpty()
            ? ConnectionConfig.allDates(lake, timeouts())
            : ConnectionConfig.forDates(lake, Set.copyOf(stage.dates), timeouts());
    return dates.withResponderNameWindow(responderNameWindow);
  }

  private static void printSummary(
      PrintWriter out, Lake lake, ConnectionResult result, Duration elapsed, RunLedger ledger) {
    out.printf(
        "Connections: %,d rows in %s start-date partition(s) %s, from the packets of %s, in %.1f"
            + " s%n",
        result.rows(),
        result.recomputedDates().size(),
        result.recomputedDates(),
        result.packetDates(),
        StageRun.seconds(elapsed));
    out.printf("  table:  %s%n", lake.table(ConnectionTable.NAME));
    out.printf("  ledger: %s%n", ledger.entryPath());
    out.flush();
  }

  /** The timeouts the options give. */
  FlowTimeouts timeouts() {
    FlowTimeouts defaults = FlowTimeouts.defaults();
    return new FlowTimeouts(
        tcpIdle, udpIdle, icmpIdle, otherIdle, linger, defaults.fragment(), defaults.reordering());
  }

  /**
   * Durations as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT5M}).
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (text.startsWith("pt")) {
          return Duration.parse(value.trim());
        }
        if (text.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          case 'd' -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(Long.parseLong(text));
        };
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "Cannot read duration '" + value + "': use e.g. 250ms, 30s, 5m, 2h or PT5M");
      }
    }
  }
}
