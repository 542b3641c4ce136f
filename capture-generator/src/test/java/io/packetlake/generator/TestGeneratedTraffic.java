package io.packetlake.generator;

import static io.packetlake.generator.ParsedFrame.ACK;
import static io.packetlake.generator.ParsedFrame.FIN;
import static io.packetlake.generator.ParsedFrame.PSH;
import static io.packetlake.generator.ParsedFrame.RST;
import static io.packetlake.generator.ParsedFrame.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The generated capture has the traffic it promises, read back from its bytes. */
final class TestGeneratedTraffic {
  private final List<ParsedFrame> frames = GeneratedCaptures.frames();

  @Test
  void tcpSessionsOpenExchangeAndClose() {
    assertThat(count(frame -> frame.isTcp() && frame.tcpFlags() == SYN)).isGreaterThan(100);
    assertThat(count(frame -> frame.isTcp() && frame.tcpFlags() == (SYN | ACK))).isGreaterThan(100);
    assertThat(count(frame -> frame.hasFlags(FIN | ACK))).isGreaterThan(100);
    assertThat(count(frame -> frame.hasFlags(RST))).isGreaterThan(10);
    assertThat(count(frame -> frame.hasFlags(PSH | ACK) && frame.payloadLength() > 0))
        .isGreaterThan(100);
    Set<Integer> payloadSizes = new HashSet<>();
    for (ParsedFrame frame : frames) {
      if (frame.isTcp() && frame.payloadLength() > 0) {
        payloadSizes.add(frame.payloadLength());
      }
    }
    assertThat(payloadSizes).as("distinct TCP payload sizes").hasSizeGreaterThan(100);
  }

  @Test
  void dataFlowsInBothDirections() {
    // Client to server (destination port 80/443) and back (source port 80/443).
    assertThat(count(frame -> isWeb(frame.destinationPort()) && frame.payloadLength() > 0))
        .isGreaterThan(100);
    assertThat(count(frame -> isWeb(frame.sourcePort()) && frame.payloadLength() > 0))
        .isGreaterThan(100);
  }

  @Test
  void retransmissionsResendTheSameSequenceRangeAndBytes() {
    Map<String, byte[]> sent = new HashMap<>();
    int retransmissions = 0;
    for (ParsedFrame frame : frames) {
      if (!frame.isTcp() || frame.payloadLength() <= 0) {
        continue;
      }
      String key =
          frame.sourceText()
              + ":"
              + frame.sourcePort()
              + ">"
              + frame.destinationText()
              + ":"
              + frame.destinationPort()
              + "#"
              + frame.sequence()
              + "+"
              + frame.payloadLength();
      int payloadAt = frame.transportOffset() + frame.transportLength() - frame.payloadLength();
      byte[] payload =
          Arrays.copyOfRange(frame.frame(), payloadAt, payloadAt + frame.payloadLength());
      byte[] earlier = sent.putIfAbsent(key, payload);
      if (earlier != null) {
        assertThat(payload).as("bytes of retransmitted " + key).isEqualTo(earlier);
        retransmissions++;
      }
    }
    assertThat(retransmissions).isGreaterThan(5);
  }

  @Test
  void dnsQueriesAreAnswered() {
    assertThat(count(frame -> frame.protocol() == 17 && frame.destinationPort() == 53))
        .isGreaterThan(100);
    assertThat(count(frame -> frame.protocol() == 17 && frame.sourcePort() == 53))
        .isGreaterThan(100);
  }

  @Test
  void echoRequestsAndRepliesOverIcmpAndIcmpv6() {
    assertThat(count(frame -> frame.protocol() == 1 && frame.icmpType() == 8)).isPositive();
    assertThat(count(frame -> frame.protocol() == 1 && frame.icmpType() == 0)).isPositive();
    assertThat(count(frame -> frame.protocol() == 58 && frame.icmpType() == 128)).isPositive();
    assertThat(count(frame -> frame.protocol() == 58 && frame.icmpType() == 129)).isPositive();
  }

  @Test
  void ipv6AndVlanTaggedFramesArePresent() {
    assertThat(count(frame -> frame.ipVersion() == 6)).isGreaterThan(frames.size() / 100);
    assertThat(count(frame -> frame.ipVersion() == 6 && frame.isTcp())).isPositive();
    Set<Integer> vlans = new HashSet<>();
    for (ParsedFrame frame : frames) {
      vlans.add(frame.vlanId());
    }
    assertThat(vlans).contains(-1).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void ipv4AndIpv6FragmentsArePresent() {
    assertThat(
            count(
                frame ->
                    frame.ipVersion() == 4 && frame.moreFragments() && frame.fragmentOffset() == 0))
        .isPositive();
    assertThat(count(frame -> frame.ipVersion() == 4 && frame.fragmentOffset() > 0)).isPositive();
    assertThat(
            count(
                frame -> frame.ipVersion() == 6 && frame.fragment() && frame.fragmentOffset() == 0))
        .isPositive();
    assertThat(count(frame -> frame.ipVersion() == 6 && frame.fragmentOffset() > 0)).isPositive();
  }

  @Test
  void horizontalScanReachesManyDestinationsOnOnePort() {
    Map<String, Set<String>> destinations = new HashMap<>();
    for (ParsedFrame frame : frames) {
      if (frame.isTcp() && frame.tcpFlags() == SYN) {
        destinations
            .computeIfAbsent(
                frame.sourceText() + " port " + frame.destinationPort(), key -> new HashSet<>())
            .add(frame.destinationText());
      }
    }
    String scan = widest(destinations);
    assertThat(destinations.get(scan)).as(scan).hasSizeGreaterThanOrEqualTo(50);
    assertAnswered(
        frame -> (frame.sourceText() + " port " + frame.destinationPort()).equals(scan),
        frame -> (frame.destinationText() + " port " + frame.sourcePort()).equals(scan));
  }

  @Test
  void verticalScanReachesManyPortsOfOneDestination() {
    Map<String, Set<Integer>> ports = new HashMap<>();
    for (ParsedFrame frame : frames) {
      if (frame.isTcp() && frame.tcpFlags() == SYN) {
        ports
            .computeIfAbsent(
                frame.sourceText() + " -> " + frame.destinationText(), key -> new HashSet<>())
            .add(frame.destinationPort());
      }
    }
    String scan = widest(ports);
    assertThat(ports.get(scan)).as(scan).hasSizeGreaterThanOrEqualTo(100);
    assertAnswered(
        frame -> (frame.sourceText() + " -> " + frame.destinationText()).equals(scan),
        frame -> (frame.destinationText() + " -> " + frame.sourceText()).equals(scan));
  }

  /** Most probes of a scan are answered, by RST/ACK (closed) or SYN/ACK (open). */
  private void assertAnswered(Predicate<ParsedFrame> probe, Predicate<ParsedFrame> answer) {
    long probes = count(frame -> frame.isTcp() && frame.tcpFlags() == SYN && probe.test(frame));
    long resets =
        count(frame -> frame.isTcp() && frame.tcpFlags() == (RST | ACK) && answer.test(frame));
    long accepts =
        count(frame -> frame.isTcp() && frame.tcpFlags() == (SYN | ACK) && answer.test(frame));
    assertThat(resets).isPositive();
    assertThat(resets + accepts).isGreaterThan(probes * 3 / 4);
  }

  @Test
  void timestampsCoverTheSpanInOrder() {
    long start = GeneratedCaptures.START.getEpochSecond() * 1_000_000_000L;
    long end =
        GeneratedCaptures.START.plus(GeneratedCaptures.SPAN).getEpochSecond() * 1_000_000_000L;
    Set<Integer> days = new HashSet<>();
    Set<Long> hours = new HashSet<>();
    long previous = Long.MIN_VALUE;
    for (ParsedFrame frame : frames) {
      assertThat(frame.timestampNanos()).isBetween(start, end).isGreaterThanOrEqualTo(previous);
      previous = frame.timestampNanos();
      Instant instant = Instant.ofEpochSecond(0, frame.timestampNanos());
      days.add(instant.atOffset(ZoneOffset.UTC).getDayOfMonth());
      hours.add(frame.timestampNanos() / 3_600_000_000_000L);
    }
    assertThat(days).hasSize(2);
    assertThat(hours).hasSizeGreaterThanOrEqualTo(40);
  }

  private static boolean isWeb(int port) {
    return port == 80 || port == 443;
  }

  private long count(Predicate<ParsedFrame> predicate) {
    return frames.stream().filter(predicate).count();
  }

  private static <T> String widest(Map<String, Set<T>> groups) {
    return groups.entrySet().stream()
        .max((first, second) -> Integer.compare(first.getValue().size(), second.getValue().size()))
        .orElseThrow()
        .getKey();
  }
}
