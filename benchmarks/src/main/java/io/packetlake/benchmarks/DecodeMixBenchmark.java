package io.packetlake.benchmarks;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding alone, on a fixed mix of packets held in memory (the first {@value #PACKETS} packets of
 * the capture: TCP, UDP, DNS, ICMP, IPv6 as the generator mixes them). Scores are packets per
 * second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class DecodeMixBenchmark {
  static final int PACKETS = 100_000;

  @Param("")
  public String file;

  @Param("320")
  public int megabytes;

  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketHeaders headers = new PacketHeaders();
  private int[] linkTypes;
  private int[] originalLengths;
  private byte[][] packets;

  @Setup
  public void setUp() throws IOException {
    List<PacketRecord> records = new ArrayList<>(PACKETS);
    try (CaptureReaders.OpenCapture capture =
        CaptureReaders.openLocal(Captures.resolve(file, megabytes), FramingOptions.defaults())) {
      for (PacketRecord record = capture.reader().next();
          record != null && records.size() < PACKETS;
          record = capture.reader().next()) {
        records.add(record);
      }
    }
    if (records.size() < PACKETS) {
      throw new IOException("Cannot benchmark: the capture has fewer than " + PACKETS + " packets");
    }
    linkTypes = records.stream().mapToInt(PacketRecord::linkType).toArray();
    originalLengths = records.stream().mapToInt(PacketRecord::originalLength).toArray();
    packets = records.stream().map(PacketRecord::data).toArray(byte[][]::new);
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long decodeIntoHolder() {
    long checksum = 0;
    for (int index = 0; index < PACKETS; index++) {
      byte[] data = packets[index];
      decoder.decode(headers, linkTypes[index], data, 0, data.length, originalLengths[index]);
      checksum += headers.ipProtocol() + headers.sourcePort() + headers.sourceIpv4();
    }
    return checksum;
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long decodeToValues() {
    long checksum = 0;
    for (int index = 0; index < PACKETS; index++) {
      PacketHeaders value =
          decoder.decode(linkTypes[index], packets[index], originalLengths[index]);
      checksum += value.ipProtocol() + value.sourcePort();
    }
    return checksum;
  }
}
