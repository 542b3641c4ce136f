package io.packetlake.benchmarks;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capture a benchmark reads: a given file, or one generated once and kept in a cache folder.
 */
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
    Files.createDirectories(directory);
    Path path = directory.resolve("generated-" + megabytes + "m.pcap");
    if (!Files.exists(path)) {
      Path partial = directory.resolve(path.getFileName() + ".partial");
      GeneratorConfig config =
          GeneratorConfig.defaults().withLimit(GenerationLimit.bytes(megabytes * 1024L * 1024L));
      new TrafficGenerator(config).generate(partial, CaptureFileFormat.PCAP, false);
      Files.move(partial, path);
    }
    return path;
  }
}
