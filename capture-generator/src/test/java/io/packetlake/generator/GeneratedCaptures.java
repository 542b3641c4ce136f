package io.packetlake.generator;

import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures the tests share: generated once per test JVM into a temporary directory, so that each
 * test class looks at the same packets without generating them again.
 */
final class GeneratedCaptures {
  static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
  static final Duration SPAN = Duration.ofDays(2);
  static final int PACKETS = 30_000;

  /** The configuration of the shared capture: 30,000 packets over two days. */
  static final GeneratorConfig CONFIG =
      new GeneratorConfig(7, START, SPAN, 200, GenerationLimit.packets(PACKETS));

  private static Path pcap;
  private static Path pcapng;
  private static List<ParsedFrame> frames;

  private GeneratedCaptures() {}

  static synchronized Path pcap() {
    if (pcap == null) {
      pcap = generate("shared.pcap", CaptureFileFormat.PCAP, false);
    }
    return pcap;
  }

  static synchronized Path pcapng() {
    if (pcapng == null) {
      pcapng = generate("shared.pcapng", CaptureFileFormat.PCAPNG, true);
    }
    return pcapng;
  }

  /** The packets of {@link #pcap()}, read back and parsed by the tests' own parser. */
  static synchronized List<ParsedFrame> frames() {
    if (frames == null) {
      List<ParsedFrame> parsed = new ArrayList<>(PACKETS);
      for (PacketRecord record : readAll(pcap())) {
        parsed.add(ParsedFrame.parse(record.timestampNanos(), record.data()));
      }
      frames = List.copyOf(parsed);
    }
    return frames;
  }

  static List<PacketRecord> readAll(Path file) {
    try {
      return TestCaptures.readAll(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path generate(String name, CaptureFileFormat format, boolean nanosecond) {
    try {
      Path directory = Files.createTempDirectory("packetlake-generate-");
      directory.toFile().deleteOnExit();
      Path file = directory.resolve(name);
      new TrafficGenerator(CONFIG).generate(file, format, nanosecond);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
