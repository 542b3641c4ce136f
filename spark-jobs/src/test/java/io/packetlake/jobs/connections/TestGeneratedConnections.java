package io.packetlake.jobs.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GenerationObserver;
import io.packetlake.generator.GenerationSummary;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of generated captures against what the generator says it generated: TCP connections
 * (sessions and scan probes) and resent segments (data after a loss, repeated SYNs). Timeouts are
 * longer than the capture, so that only the generator's own endings (FIN, RST, a session left open)
 * end connections.
 */
final class TestGeneratedConnections {
  private static final FlowTimeouts LONGER_THAN_THE_CAPTURE =
      FlowTimeouts.defaults().withIdle(Duration.ofDays(30));

  @TempDir Path directory;

  @Test
  void tcpConnectionsAndRetransmissionsAreWhatWasGenerated() throws IOException {
    for (long seed : new long[] {1, 7, 42}) {
      Path capture = directory.resolve("generated-" + seed + ".pcap");
      GroundTruth truth = new GroundTruth();
      GenerationSummary summary =
          generator(
                  GeneratorConfig.defaults()
                      .withLimit(GenerationLimit.packets(40_000))
                      .withSeed(seed),
                  truth)
              .generate(capture, CaptureFileFormat.PCAP, false);

      List<Connection> connections = track(capture);
      List<Connection> tcp =
          connections.stream()
              .filter(connection -> connection.protocol() == IpProtocols.TCP)
              .toList();
      assertThat(connections.stream().mapToLong(Connection::packets).sum())
          .as("packets of seed %s", seed)
          .isEqualTo(summary.packets());
      // Its DNS answers include fragmented ones: every fragment lands in a connection with ports.
      assertThat(
              connections.stream()
                  .filter(connection -> connection.fragmentedPackets() > 0)
                  .allMatch(connection -> connection.originatorPort() != null))
          .isTrue();
      assertThat(connections.stream().mapToLong(Connection::fragmentedPackets).sum()).isPositive();
      assertThat(tcp).as("TCP connections of seed %s", seed).hasSize((int) truth.tcpConnections);
      assertThat(
              tcp.stream()
                  .mapToLong(
                      connection ->
                          connection.originator().retransmittedPackets()
                              + connection.responder().retransmittedPackets())
                  .sum())
          .as("retransmitted packets of seed %s", seed)
          .isEqualTo(truth.resentSegments);
      // The generator reorders nothing, so nothing fills a gap.
      assertThat(
              tcp.stream()
                  .mapToLong(
                      connection ->
                          connection.originator().outOfOrderPackets()
                              + connection.responder().outOfOrderPackets())
                  .sum())
          .isZero();
      assertThat(truth.resentSegments).isPositive();
      System.out.printf(
          "generated seed %s: %,d packets, %,d connections, %,d TCP (generated %,d),"
              + " %,d retransmitted (generated %,d)%n",
          seed,
          summary.packets(),
          connections.size(),
          tcp.size(),
          truth.tcpConnections,
          truth.resentSegments,
          truth.resentSegments);
    }
  }

  private static List<Connection> track(Path capture) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(LONGER_THAN_THE_CAPTURE, connections::add);
    try (CaptureReaders.OpenCapture open =
        CaptureReaders.openLocal(capture, FramingOptions.defaults())) {
      for (PacketRecord record = open.reader().next();
          record != null;
          record = open.reader().next()) {
        FlowPacket packet =
            FlowPacket.of(
                record.timestampNanos(),
                record.originalLength(),
                decoder.decode(record.linkType(), record.data(), record.originalLength()),
                "capture");
        if (packet != null) {
          tracker.accept(packet);
        }
      }
    }
    tracker.finish();
    return connections;
  }

  private static TrafficGenerator generator(GeneratorConfig config, GroundTruth truth) {
    return new TrafficGenerator(config, truth);
  }

  /** What the generator says it put on the wire. */
  private static final class GroundTruth implements GenerationObserver {
    long tcpConnections;
    long resentSegments;

    @Override
    public void tcpConnectionStarted() {
      tcpConnections++;
    }

    @Override
    public void tcpSegmentResent() {
      resentSegments++;
    }
  }
}
