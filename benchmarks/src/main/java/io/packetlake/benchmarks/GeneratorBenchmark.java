package io.packetlake.benchmarks;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.CaptureSink;
import io.packetlake.generator.CaptureSinks;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GenerationSummary;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.OptionValues;
import io.packetlake.generator.TrafficGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Measures how fast the generator writes: {@code GeneratorBenchmark [SIZE [pcap|pcapng
 * [DIRECTORY]]]}, default 500m, pcap, the temporary directory. Generates SIZE once into a
 * discarding stream (CPU alone) and once into a file (CPU and disk), prints both rates and deletes
 * the file. Run with the benchmarks module's class path (as {@code bin/jmh} builds it):
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt) \
 *     io.packetlake.benchmarks.GeneratorBenchmark 500m
 * </pre>
 */
public final class GeneratorBenchmark {
  private GeneratorBenchmark() {}

  public static void main(String[] arguments) throws IOException {
    long size = arguments.length > 0 ? OptionValues.parseByteSize(arguments[0]) : 500L << 20;
    CaptureFileFormat format =
        arguments.length > 1 ? CaptureFileFormat.fromName(arguments[1]) : CaptureFileFormat.PCAP;
    Path directory =
        arguments.length > 2
            ? Path.of(arguments[2])
            : Path.of(System.getProperty("java.io.tmpdir"));
    GeneratorConfig config =
        GeneratorConfig.defaults()
            .withHosts(2_000)
            .withSpan(Duration.ofDays(7))
            .withLimit(GenerationLimit.bytes(size));

    // Warm the JIT up on a smaller run first, so that both measurements see compiled code.
    generateDiscarding(config.withLimit(GenerationLimit.bytes(Math.min(size, 64L << 20))), format);
    report("generate to a discarding stream", generateDiscarding(config, format));

    Path file = Files.createTempFile(directory, "generator-benchmark-", "." + format);
    try {
      report("generate to " + file, new TrafficGenerator(config).generate(file, format, false));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static GenerationSummary generateDiscarding(
      GeneratorConfig config, CaptureFileFormat format) throws IOException {
    try (CaptureSink sink = CaptureSinks.create(OutputStream.nullOutputStream(), format, false)) {
      return new TrafficGenerator(config).generate(sink);
    }
  }

  private static void report(String what, GenerationSummary summary) {
    System.out.printf(
        Locale.ROOT,
        "%s: %,d packets, %,d bytes in %.2f s: %.1f MB/s, %,.0f packets/s%n",
        what,
        summary.packets(),
        summary.bytes(),
        summary.elapsedSeconds(),
        summary.megabytesPerSecond(),
        summary.packetsPerSecond());
  }
}
