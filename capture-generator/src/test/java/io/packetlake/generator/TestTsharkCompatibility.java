package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark, with checksum validation on, finds no malformed packet and no error in the generated
 * captures. Skipped where tshark is not installed.
 */
final class TestTsharkCompatibility {
  // Wireshark's PI_ERROR: malformed packets and, with validation on, bad checksums.
  private static final long EXPERT_ERROR = 0x0080_0000L;

  @BeforeEach
  void requireTshark() {
    assumeTrue(onPath("tshark"), "tshark is not on the PATH; install Wireshark's tshark to run");
  }

  private static final int PACKETS = 10_000;

  @TempDir Path directory;

  @Test
  void pcapHasNoMalformedPacket() throws Exception {
    assertClean(generate(CaptureFileFormat.PCAP, false));
  }

  @Test
  void pcapngHasNoMalformedPacket() throws Exception {
    assertClean(generate(CaptureFileFormat.PCAPNG, true));
  }

  private Path generate(CaptureFileFormat format, boolean nanosecond) throws Exception {
    Path file = directory.resolve("tshark." + format);
    GeneratorConfig config =
        GeneratedCaptures.CONFIG.withSeed(21).withLimit(GenerationLimit.packets(PACKETS));
    new TrafficGenerator(config).generate(file, format, nanosecond);
    return file;
  }

  private static void assertClean(Path capture) throws Exception {
    Path output = Files.createTempFile("tshark-", ".tsv");
    try {
      Process process =
          new ProcessBuilder(
                  "tshark",
                  "-n",
                  "-r",
                  capture.toString(),
                  "-o",
                  "ip.check_checksum:TRUE",
                  "-o",
                  "tcp.check_checksum:TRUE",
                  "-o",
                  "udp.check_checksum:TRUE",
                  "-T",
                  "fields",
                  "-e",
                  "frame.number",
                  "-e",
                  "_ws.malformed",
                  "-e",
                  "_ws.expert.severity")
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("tshark finished").isTrue();
      assertThat(process.exitValue()).as("tshark exit code").isZero();
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(PACKETS);
      List<String> bad = new ArrayList<>();
      for (String line : lines) {
        String[] fields = line.split("\t", -1);
        boolean malformed = fields.length > 1 && !fields[1].isEmpty();
        boolean error = fields.length > 2 && hasError(fields[2]);
        if (malformed || error) {
          bad.add(line);
        }
      }
      assertThat(bad).as("malformed or erroneous frames").isEmpty();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean hasError(String severities) {
    for (String severity : severities.split(",")) {
      if (!severity.isEmpty() && Long.decode(severity) >= EXPERT_ERROR) {
        return true;
      }
    }
    return false;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
