package io.packetlake.benchmarks;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The capture a benchmark reads: a given file, or one generated once and kept for later runs. */
final class Captures {
  private Captures() {}

  /**
   * {@code file} when not empty; otherwise a generated classic pcap of about {@code megabytes} MiB
   * under {@code java.io.tmpdir}, reused by later runs (the generator is deterministic).
   */
  static Path resolve(String file, int megabytes) throws IOException {
    if (!file.isEmpty()) {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new IOException("Cannot benchmark " + file + ": not a file");
      }
      return path;
    }
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), "packetlake-benchmarks");
    return generated(directory, megabytes * 1024L * 1024L);
  }

  /**
   * A generated classic pcap of at most {@code bytes} bytes in {@code directory}: written on first
   * use (beside, then moved into place, so that an interrupted run leaves no half file) and reused
   * by later runs, since the generator is deterministic.
   */
  static Path generated(Path directory, long bytes) throws IOException {
    Files.createDirectories(directory);
    Path path = directory.resolve("generated-" + bytes + ".pcap");
    if (!Files.exists(path)) {
      Path partial = directory.resolve(path.getFileName() + ".partial");
      GeneratorConfig config = GeneratorConfig.defaults().withLimit(GenerationLimit.bytes(bytes));
      new TrafficGenerator(config).generate(partial, CaptureFileFormat.PCAP, false);
      Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
    }
    return path;
  }
}
