package io.packetlake.jobs.bench;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.PacketTsv;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the single-threaded cost of each layer of {@code packetlake decode} on the same files,
 * side by side: framing only, framing and decoding, and framing, decoding and TSV formatting.
 */
public final class DecodeBenchmark {
  private final List<Path> files;
  private final int iterations;

  public DecodeBenchmark(List<Path> files, int iterations) {
    this.files = List.copyOf(files);
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

  private enum Work {
    FRAMING,
    DECODING,
    TSV
  }

  public List<Result> run(PrintWriter out) throws IOException {
    // Warm up the JIT on every path before measuring.
    for (Work work : Work.values()) {
      measure(work, Math.max(1, iterations / 4));
    }
    List<Result> results =
        List.of(
            measure(Work.FRAMING, iterations),
            measure(Work.DECODING, iterations),
            measure(Work.TSV, iterations));
    double baseline = results.get(0).packetsPerSecond();
    out.printf("%-28s %12s %12s %10s %8s%n", "stage", "packets", "packets/s", "MB/s", "ratio");
    for (Result result : results) {
      out.printf(
          "%-28s %,12d %,12.0f %10.1f %8.2f%n",
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
    PacketDecoder decoder = new PacketDecoder();
    StringBuilder row = new StringBuilder(512);
    long packets = 0;
    long bytes = 0;
    long checksum = 0;
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      for (Path file : files) {
        bytes += Files.size(file);
        try (CaptureReaders.OpenCapture capture =
            CaptureReaders.openLocal(file, FramingOptions.defaults())) {
          for (PacketRecord record = capture.reader().next();
              record != null;
              record = capture.reader().next()) {
            packets++;
            checksum += record.capturedLength();
            if (work == Work.FRAMING) {
              continue;
            }
            PacketHeaders headers =
                decoder.decode(record.linkType(), record.data(), record.originalLength());
            checksum += headers.ipProtocol();
            if (work == Work.TSV) {
              row.setLength(0);
              PacketTsv.appendRow(row, record, headers);
              checksum += row.length();
            }
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (checksum == 42) {
      System.err.print("");
    }
    String name =
        switch (work) {
          case FRAMING -> "framing";
          case DECODING -> "framing+decoding";
          case TSV -> "framing+decoding+tsv (decode)";
        };
    return new Result(name, packets, bytes, seconds);
  }
}
