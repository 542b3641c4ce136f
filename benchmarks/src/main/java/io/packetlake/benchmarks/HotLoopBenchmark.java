package io.packetlake.benchmarks;

import io.packetlake.benchmarks.DecodeLoops.Pass;
import io.packetlake.benchmarks.DecodeLoops.Work;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole passes over one capture, single-threaded, for each layer of the decode path (the loops of
 * {@link DecodeLoops}): the physical floor (reading the bytes), framing, framing and decoding, each
 * through the allocation-free cursor API and through the allocating record/value API. The {@code
 * packets} and {@code bytes} secondary results are per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class HotLoopBenchmark {
  /** A capture to read; empty for a generated one of {@link #megabytes} MiB. */
  @Param("")
  public String file;

  @Param("320")
  public int megabytes;

  private Path capture;

  /** Packets and bytes per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Throughput {
    public long packets;
    public long bytes;

    @Setup(Level.Iteration)
    public void clear() {
      packets = 0;
      bytes = 0;
    }

    long add(Pass pass) {
      packets += pass.packets();
      bytes += pass.bytes();
      return pass.checksum();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    capture = Captures.resolve(file, megabytes);
  }

  @Benchmark
  public long readBytes(Throughput throughput) throws IOException {
    return throughput.add(DecodeLoops.run(Work.READ, capture));
  }

  @Benchmark
  public long framing(Throughput throughput) throws IOException {
    return throughput.add(DecodeLoops.run(Work.FRAMING, capture));
  }

  @Benchmark
  public long framingAndDecoding(Throughput throughput) throws IOException {
    return throughput.add(DecodeLoops.run(Work.DECODING, capture));
  }

  @Benchmark
  public long framingRecordPerPacket(Throughput throughput) throws IOException {
    return throughput.add(DecodeLoops.run(Work.FRAMING_RECORDS, capture));
  }

  @Benchmark
  public long framingAndDecodingValuesPerPacket(Throughput throughput) throws IOException {
    return throughput.add(DecodeLoops.run(Work.DECODING_RECORDS, capture));
  }
}
