package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class TestGenerateCommand {
  @TempDir Path directory;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new GenerateCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(arguments);
    return new Result(exitCode, out.toString(), err.toString());
  }

  @Test
  void writesPcapngWhenTheFileNameSaysSoAndPrintsOneSummaryLine() throws IOException {
    Path file = directory.resolve("demo.pcapng");
    Result result = run("--output", file.toString(), "--packets", "2000");

    assertThat(result.exitCode()).isZero();
    assertThat(magic(file)).isEqualTo("0a0d0d0a");
    assertThat(GeneratedCaptures.readAll(file)).hasSize(2_000);
    assertThat(result.err().lines().toList())
        .singleElement()
        .asString()
        .matches(
            "Generated .*demo\\.pcapng: 2,000 packets, [\\d,]+ bytes \\(pcapng\\),"
                + " 2024-01-0\\d.* to 2024-01-0\\d.*, in [\\d.]+ s \\([\\d.]+ MB/s, [\\d,]+"
                + " packets/s\\)");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).as("no partial file left").containsExactly(file);
    }
  }

  @Test
  void formatOptionOverridesTheExtension() throws IOException {
    Path file = directory.resolve("named.pcapng");
    assertThat(run("--output", file.toString(), "--packets", "500", "--format", "PCAP").exitCode())
        .isZero();
    assertThat(magic(file)).isEqualTo("d4c3b2a1");
  }

  @Test
  void nanosecondOptionWritesTheNanosecondMagic() throws IOException {
    Path file = directory.resolve("fine.pcap");
    assertThat(run("-o", file.toString(), "--packets", "500", "--nanosecond").exitCode()).isZero();
    assertThat(magic(file)).isEqualTo("4d3cb2a1");
  }

  @Test
  void bytesOptionBoundsTheFileSize() throws IOException {
    Path file = directory.resolve("sized.pcap");
    assertThat(run("--output", file.toString(), "--bytes", "1m").exitCode()).isZero();
    assertThat(Files.size(file)).isBetween((1L << 20) - 1_600, 1L << 20);
  }

  @Test
  void startAndSpanBoundTheTimestamps() {
    Path file = directory.resolve("window.pcap");
    Result result =
        run(
            "--output",
            file.toString(),
            "--packets",
            "3000",
            "--start",
            "2022-05-01",
            "--span",
            "90m",
            "--hosts",
            "20");
    assertThat(result.exitCode()).isZero();
    long start = Instant.parse("2022-05-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    long end = start + 90 * 60 * 1_000_000_000L;
    List<PacketRecord> records = GeneratedCaptures.readAll(file);
    assertThat(records).hasSize(3_000);
    assertThat(records)
        .allSatisfy(record -> assertThat(record.timestampNanos()).isBetween(start, end));
  }

  @Test
  void sameOptionsWriteTheSameFileAndTheSeedChangesIt() throws IOException {
    Path first = directory.resolve("first.pcap");
    Path second = directory.resolve("second.pcap");
    Path third = directory.resolve("third.pcap");
    run("--output", first.toString(), "--packets", "1000", "--seed", "9");
    run("--output", second.toString(), "--packets", "1000", "--seed", "9");
    run("--output", third.toString(), "--packets", "1000", "--seed", "10");
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    assertThat(Files.readAllBytes(third)).isNotEqualTo(Files.readAllBytes(first));
  }

  @Test
  void defaultsAreTheGeneratorDefaults() {
    GenerateCommand command = new GenerateCommand();
    new CommandLine(command).parseArgs("--output", "x.pcap");
    assertThat(command.seed).isEqualTo(GeneratorConfig.DEFAULT_SEED);
    assertThat(command.start).isEqualTo(GeneratorConfig.DEFAULT_START);
    assertThat(command.span).isEqualTo(GeneratorConfig.DEFAULT_SPAN);
    assertThat(command.hosts).isEqualTo(GeneratorConfig.DEFAULT_HOSTS);
    assertThat(command.format).isNull();
    assertThat(command.nanosecond).isFalse();
    assertThat(command.size.packets).isNull();
    assertThat(command.size.bytes).isNull();
  }

  @Test
  void rejectsBadOptionsWithUsageErrors() {
    String file = directory.resolve("bad.pcap").toString();
    assertUsageError(
        run("--output", file, "--packets", "10", "--bytes", "1m"), "are mutually exclusive");
    assertUsageError(
        run("--output", file, "--span", "3x"),
        "Cannot parse duration: '3x' (expected e.g. 3d, 6h, 90m or PT6H)");
    assertUsageError(run("--output", file, "--bytes", "lots"), "Cannot parse size: 'lots'");
    assertUsageError(
        run("--output", file, "--format", "erf"),
        "Cannot parse capture format: 'erf' (expected pcap or pcapng)");
    assertUsageError(
        run("--output", file, "--hosts", "1"),
        "Cannot generate traffic: hosts must be between 2 and 100000: 1");
    assertUsageError(
        run("--output", file, "--packets", "0"),
        "Cannot limit generation: packets must be positive: 0");
    assertUsageError(run("--packets", "10"), "Missing required option: '--output=FILE'");
    assertThat(directory.resolve("bad.pcap")).doesNotExist();
  }

  private static void assertUsageError(Result result, String message) {
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(message);
  }

  @Test
  void reportsAnOutputItCannotWrite() {
    Result result = run("--output", directory.resolve("missing/x.pcap").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("Cannot generate ").contains("missing");
  }

  private static String magic(Path file) throws IOException {
    byte[] head = Arrays.copyOf(Files.readAllBytes(file), 4);
    StringBuilder text = new StringBuilder();
    for (byte value : head) {
      text.append(String.format("%02x", value));
    }
    return text.toString();
  }
}
