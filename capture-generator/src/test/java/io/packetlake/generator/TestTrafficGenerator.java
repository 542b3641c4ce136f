package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

final class TestTrafficGenerator {
  private static final Instant START = Instant.parse("2023-06-15T12:00:00Z");
  private static final GeneratorConfig SMALL =
      new GeneratorConfig(11, START, Duration.ofHours(6), 50, GenerationLimit.packets(4_000));

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(CaptureFileFormat.class)
  void sameSeedWritesTheSameBytes(CaptureFileFormat format) throws IOException {
    byte[] first = generate(SMALL, format, false);
    byte[] second = generate(SMALL, format, false);
    assertThat(first).hasSizeGreaterThan(100_000);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void differentSeedWritesDifferentBytes() throws IOException {
    byte[] first = generate(SMALL, CaptureFileFormat.PCAP, false);
    byte[] second = generate(SMALL.withSeed(12), CaptureFileFormat.PCAP, false);
    assertThat(second).isNotEqualTo(first);
  }

  @ParameterizedTest
  @CsvSource({"PCAP, false", "PCAP, true", "PCAPNG, false", "PCAPNG, true"})
  void everyPacketReadsBackInTimeOrderWithinTheSpan(CaptureFileFormat format, boolean nanosecond)
      throws IOException {
    Path file = directory.resolve("capture." + format);
    GenerationSummary summary = new TrafficGenerator(SMALL).generate(file, format, nanosecond);

    List<PacketRecord> records = GeneratedCaptures.readAll(file);
    assertThat(records).hasSize(4_000);
    assertThat(summary.packets()).isEqualTo(4_000);
    assertThat(summary.bytes()).isEqualTo(Files.size(file));
    long start = START.getEpochSecond() * 1_000_000_000L;
    long end = start + Duration.ofHours(6).toNanos();
    long previous = start;
    Set<Long> hours = new HashSet<>();
    for (PacketRecord record : records) {
      assertThat(record.status()).isEqualTo(FrameStatus.OK);
      assertThat(record.linkType()).isEqualTo(CaptureSinks.LINKTYPE_ETHERNET);
      assertThat(record.originalLength()).isEqualTo(record.capturedLength());
      assertThat(record.capturedLength()).isBetween(60, 1518);
      assertThat(record.timestampNanos()).isBetween(previous, end);
      if (!nanosecond) {
        assertThat(record.timestampNanos() % 1_000).isZero();
      }
      previous = record.timestampNanos();
      hours.add(record.timestampNanos() / 3_600_000_000_000L);
    }
    assertThat(hours).hasSize(6);
    assertThat(records.get(0).timestampNanos())
        .isEqualTo(truncate(summary.firstTimestampNanos(), nanosecond));
    assertThat(records.get(records.size() - 1).timestampNanos())
        .isEqualTo(truncate(summary.lastTimestampNanos(), nanosecond));
  }

  private static long truncate(long nanos, boolean nanosecond) {
    return nanosecond ? nanos : nanos - nanos % 1_000;
  }

  @ParameterizedTest
  @EnumSource(CaptureFileFormat.class)
  void byteLimitBoundsTheFileSize(CaptureFileFormat format) throws IOException {
    long limit = 3L << 20;
    Path file = directory.resolve("sized." + format);
    GenerationSummary summary =
        new TrafficGenerator(SMALL.withLimit(GenerationLimit.bytes(limit)))
            .generate(file, format, false);

    assertThat(Files.size(file)).isEqualTo(summary.bytes()).isBetween(limit - 1_600, limit);
    assertThat(GeneratedCaptures.readAll(file)).hasSize((int) summary.packets());
  }

  @Test
  void writesTheSameBytesToAStreamAsToAFile() throws IOException {
    Path file = directory.resolve("file.pcapng");
    new TrafficGenerator(SMALL).generate(file, CaptureFileFormat.PCAPNG, true);
    assertThat(generate(SMALL, CaptureFileFormat.PCAPNG, true)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void smallCaptureStillHasEveryRareKind() throws IOException {
    GeneratorConfig config = SMALL.withLimit(GenerationLimit.packets(2_500));
    Path file = directory.resolve("small.pcap");
    new TrafficGenerator(config).generate(file, CaptureFileFormat.PCAP, false);
    List<ParsedFrame> frames =
        GeneratedCaptures.readAll(file).stream()
            .map(record -> ParsedFrame.parse(record.timestampNanos(), record.data()))
            .toList();
    assertThat(frames).anyMatch(frame -> frame.ipVersion() == 4 && frame.moreFragments());
    assertThat(frames).anyMatch(frame -> frame.ipVersion() == 6 && frame.fragment());
    assertThat(frames).anyMatch(frame -> frame.protocol() == 58 && frame.icmpType() == 128);
    assertThat(frames).anyMatch(frame -> frame.vlanId() > 0);
    Set<String> horizontal = new HashSet<>();
    Set<Integer> vertical = new HashSet<>();
    for (ParsedFrame frame : frames) {
      if (frame.isTcp() && frame.tcpFlags() == ParsedFrame.SYN) {
        horizontal.add(frame.destinationPort() + " " + frame.destinationText());
        vertical.add(frame.destinationPort());
      }
    }
    assertThat(horizontal).hasSizeGreaterThanOrEqualTo(50 + 100);
    assertThat(vertical).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void manyHostsOverAShortSpan() throws IOException {
    GeneratorConfig config =
        new GeneratorConfig(
            3, START, Duration.ofMinutes(10), 20_000, GenerationLimit.packets(20_000));
    Path file = directory.resolve("dense.pcap");
    new TrafficGenerator(config).generate(file, CaptureFileFormat.PCAP, true);
    long start = START.getEpochSecond() * 1_000_000_000L;
    long end = start + Duration.ofMinutes(10).toNanos();
    long previous = start;
    Set<String> sources = new HashSet<>();
    for (PacketRecord record : GeneratedCaptures.readAll(file)) {
      assertThat(record.timestampNanos()).isBetween(previous, end);
      previous = record.timestampNanos();
      sources.add(ParsedFrame.parse(record.timestampNanos(), record.data()).sourceText());
    }
    assertThat(sources).hasSizeGreaterThan(1_000);
  }

  @Test
  void rejectsConfigurationsItCannotHonour() {
    GeneratorConfig defaults = GeneratorConfig.defaults();
    assertThatThrownBy(() -> defaults.withHosts(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot generate traffic: hosts must be between 2 and 100000: 1");
    assertThatThrownBy(() -> defaults.withSpan(Duration.ofMillis(10)))
        .hasMessage("Cannot generate traffic: span PT0.01S is shorter than one second");
    assertThatThrownBy(() -> defaults.withStart(Instant.parse("1969-12-31T00:00:00Z")))
        .hasMessage("Cannot generate traffic: start 1969-12-31T00:00:00Z is before 1970");
    assertThatThrownBy(() -> defaults.withStart(Instant.parse("2106-02-06T00:00:00Z")))
        .hasMessage(
            "Cannot generate traffic: end 2106-02-08T00:00:00Z is after 2106-02-07T06:28:15Z");
    assertThatThrownBy(() -> GenerationLimit.packets(0))
        .hasMessage("Cannot limit generation: packets must be positive: 0");
  }

  private static byte[] generate(
      GeneratorConfig config, CaptureFileFormat format, boolean nanosecond) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CaptureSink sink = CaptureSinks.create(bytes, format, nanosecond)) {
      new TrafficGenerator(config).generate(sink);
    }
    return bytes.toByteArray();
  }
}
