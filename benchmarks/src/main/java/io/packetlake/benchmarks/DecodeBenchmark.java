package io.packetlake.benchmarks;

import io.packetlake.benchmarks.DecodeLoops.Pass;
import io.packetlake.benchmarks.DecodeLoops.Work;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick, single-threaded look at each layer of {@code packetlake decode} on the same files, side
 * by side (the loops of {@link DecodeLoops}). The JMH benchmarks in the {@code benchmarks} module
 * time the same loops with proper warm-up and forking; this is the no-build-needed version.
 */
public final class DecodeBenchmark {
  private static final List<Work> MEASURED =
      List.of(Work.FRAMING, Work.DECODING, Work.FRAMING_RECORDS, Work.DECODING_RECORDS, Work.TSV);

  private final List<Path> files;
  private final int iterations;

  public DecodeBenchmark(List<Path> files, int iterations) {
    this.files = List.copyOf(files);
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive: " + iterations);
    }
    this.iterations = iterations;
  }

  /** One measured configuration. */
  public record Result(String name, long packets, long bytes, double seconds) {
    public double packetsPerSecond() {
      return packets / seconds;
    }

    public double megabytesPerSecond() {
      return bytes / seconds / 1e6;
    }
  }

  public List<Result> run(PrintWriter out) throws IOException {
    // Warm up the JIT on every path before measuring.
    for (Work work : MEASURED) {
      measure(work, Math.max(1, iterations / 4));
    }
    List<Result> results = new ArrayList<>();
    for (Work work : MEASURED) {
      results.add(measure(work, iterations));
    }
    double baseline = results.get(0).packetsPerSecond();
    out.printf("%-36s %12s %12s %10s %8s%n", "stage", "packets", "packets/s", "MB/s", "ratio");
    for (Result result : results) {
      out.printf(
          "%-36s %,12d %,12.0f %10.1f %8.2f%n",
          result.name(),
          result.packets(),
          result.packetsPerSecond(),
          result.megabytesPerSecond(),
          result.packetsPerSecond() / baseline);
    }
    out.flush();
    return results;
  }

  private Result measure(Work work, int rounds) throws IOException {
    long packets = 0;
    long bytes = 0;
    long checksum = 0;
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      for (Path file : files) {
        Pass pass = DecodeLoops.run(work, file);
        packets += pass.packets();
        bytes += pass.bytes();
        checksum += pass.checksum();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (checksum == 42) {
      System.err.print("");
    }
    return new Result(work.label(), packets, bytes, seconds);
  }
}
