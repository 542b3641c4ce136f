package io.packetlake.benchmarks;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GenerationSummary;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.ConnectionResult;
import io.packetlake.jobs.connections.FlowPacket;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.connections.FlowTracker;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.PcapWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Measures the connections stage: the tracker alone on a synthetic packet stream, then ingest and
 * connections with Spark in local mode on a capture of the same traffic. Run with the benchmarks
 * module's class path (as {@code bin/jmh} builds it):
 *
 * <pre>
 * java -Xmx2g -cp ... io.packetlake.benchmarks.ConnectionBenchmark PACKETS WORK_DIR \
 *     [generated | synthetic | CAPTURE]
 * </pre>
 *
 * <p>The Spark part reads a capture of PACKETS packets written by the traffic generator (default),
 * one of the synthetic traffic below, or the given capture. The synthetic traffic: 2,000 concurrent
 * TCP connections of 24 packets (handshake, 18 data segments of which one is resent, FIN both ways,
 * last ACK) and a DNS exchange every 25th step, 10 µs apart.
 */
public final class ConnectionBenchmark {
  private static final int CONCURRENT = 2_000;
  private static final int SNAPLEN = 128;

  private ConnectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    long packets = Long.parseLong(args[0]);
    Path work = Path.of(args[1]);
    Files.createDirectories(work);
    measureTracker(packets);
    Path capture = capture(args.length > 2 ? args[2] : "generated", work, packets);
    measureSparkStages(capture, work);
  }

  /** The tracker alone, no Spark, packets made on the fly: what one task does per partition. */
  private static void measureTracker(long packets) {
    resetPeaks();
    long[] connections = new long[1];
    FlowTracker tracker = new FlowTracker(FlowTimeouts.defaults(), connection -> connections[0]++);
    SyntheticTraffic traffic = new SyntheticTraffic();
    long started = System.nanoTime();
    int mostActive = 0;
    for (long packet = 0; packet < packets; packet++) {
      tracker.accept(traffic.next().toFlowPacket());
      mostActive = Math.max(mostActive, tracker.activeConnections());
    }
    tracker.finish();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "tracker: %,d packets, %,d connections in %.2f s: %,.0f packets/s, %,.0f connections/s,"
            + " at most %,d connections in memory, peak heap use (garbage included) %,d MiB%n",
        packets,
        connections[0],
        seconds,
        packets / seconds,
        connections[0] / seconds,
        mostActive,
        peakHeapMebibytes());
  }

  /**
   * The capture the Spark part reads: written by the traffic generator ("generated"), of the
   * synthetic traffic ("synthetic"), or the capture at {@code source}.
   */
  private static Path capture(String source, Path work, long packets) throws IOException {
    if (source.equals("generated")) {
      Path capture = work.resolve("generated.pcap");
      GenerationSummary summary =
          new TrafficGenerator(
                  GeneratorConfig.defaults().withLimit(GenerationLimit.packets(packets)))
              .generate(capture, CaptureFileFormat.PCAP, false);
      System.out.printf(
          "generated %,d packets, %,d bytes, %,d conversations in %.1f s%n",
          summary.packets(), summary.bytes(), summary.conversations(), summary.elapsedSeconds());
      return capture;
    }
    if (source.equals("synthetic")) {
      Path capture = work.resolve("synthetic.pcap");
      writeCapture(capture, packets);
      return capture;
    }
    return Path.of(source);
  }

  /** Ingest and connections with Spark in local mode on {@code capture}, in a lake under work. */
  private static void measureSparkStages(Path capture, Path work) throws IOException {
    SparkSession spark = localSpark();
    try {
      Lake lake = new Lake(work.resolve("lake").toString());
      RunLedger ledger =
          new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "bench", Instant.now());
      long ingestStarted = System.nanoTime();
      IngestJob.run(
          spark, IngestConfig.defaults(List.of(capture.toAbsolutePath().toString()), lake), ledger);
      double ingestSeconds = (System.nanoTime() - ingestStarted) / 1e9;
      resetPeaks();
      long connectionsStarted = System.nanoTime();
      ConnectionResult result =
          ConnectionJob.run(
              spark, ConnectionConfig.allDates(lake, FlowTimeouts.defaults()), ledger);
      double connectionSeconds = (System.nanoTime() - connectionsStarted) / 1e9;
      System.out.printf(
          "spark local[*] (%s cores): ingest %.1f s; connections %,d rows in %.1f s: %,.0f"
              + " connections/s, %,.0f packets/s; peak heap during connections %,d MiB of %,d"
              + " MiB max%n",
          Runtime.getRuntime().availableProcessors(),
          ingestSeconds,
          result.rows(),
          connectionSeconds,
          result.rows() / connectionSeconds,
          spark.read().parquet(lake.table("packets")).count() / connectionSeconds,
          peakHeapMebibytes(),
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      spark.stop();
    }
  }

  private static SparkSession localSpark() {
    return SparkSessions.configure(SparkSession.builder())
        .appName("ConnectionBenchmark")
        .master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  private static void writeCapture(Path path, long packets) throws IOException {
    SyntheticTraffic traffic = new SyntheticTraffic();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
        PcapWriter writer = new PcapWriter(out, ByteOrder.LITTLE_ENDIAN, true, 1, SNAPLEN)) {
      for (long packet = 0; packet < packets; packet++) {
        SyntheticPacket next = traffic.next();
        byte[] frame = next.frame();
        writer.write(next.timestampNanos(), next.frameLength(), frame, 0, frame.length);
      }
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapMebibytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /** One packet of the synthetic traffic. */
  private record SyntheticPacket(
      long timestampNanos,
      int source,
      int destination,
      int protocol,
      int sourcePort,
      int destinationPort,
      int flags,
      long sequence,
      int payload) {
    int frameLength() {
      return 14 + 20 + (protocol == IpProtocols.TCP ? 20 : 8) + payload;
    }

    FlowPacket toFlowPacket() {
      boolean tcp = protocol == IpProtocols.TCP;
      return new FlowPacket(
          timestampNanos,
          address(source),
          address(destination),
          protocol,
          sourcePort,
          destinationPort,
          FlowPacket.ABSENT,
          FlowPacket.ABSENT,
          tcp ? flags : FlowPacket.ABSENT,
          tcp ? sequence : FlowPacket.ABSENT,
          payload,
          frameLength(),
          frameLength() - 14,
          1,
          false,
          0,
          "generated");
    }

    /** Ethernet, IPv4 and TCP/UDP headers; the payload is not captured (snaplen). */
    byte[] frame() {
      boolean tcp = protocol == IpProtocols.TCP;
      ByteBuffer frame = ByteBuffer.allocate(14 + 20 + (tcp ? 20 : 8)).order(ByteOrder.BIG_ENDIAN);
      frame.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
      frame.put((byte) 0x45).put((byte) 0).putShort((short) (frameLength() - 14));
      frame.putShort((short) 1).putShort((short) 0x4000).put((byte) 64).put((byte) protocol);
      frame.putShort((short) 0).putInt(source).putInt(destination);
      frame.putShort((short) sourcePort).putShort((short) destinationPort);
      if (tcp) {
        frame.putInt((int) sequence).putInt(0).put((byte) 0x50).put((byte) flags);
        frame.putShort((short) 65535).putShort((short) 0).putShort((short) 0);
      } else {
        frame.putShort((short) (8 + payload)).putShort((short) 0);
      }
      return frame.array();
    }

    private static String address(int address) {
      return (address >>> 24)
          + "."
          + (address >>> 16 & 0xFF)
          + "."
          + (address >>> 8 & 0xFF)
          + "."
          + (address & 0xFF);
    }
  }

  /** Round robin over concurrent connections; every connection uses fresh ports. */
  private static final class SyntheticTraffic {
    private static final int CLIENTS = 0x0A000000; // 10.0.0.0/16
    private static final int SERVERS = 0xC0A80000; // 192.168.0.0/16
    private static final int PACKETS_PER_CONNECTION = 24;
    private static final int SERVER_PORT = 443;

    private final int[] step = new int[CONCURRENT];
    private final long[] number = new long[CONCURRENT];
    private long next;
    private long time = 1_700_000_000_000_000_000L;
    private long connectionsStarted;
    private long tick;

    SyntheticTraffic() {
      for (int slot = 0; slot < CONCURRENT; slot++) {
        number[slot] = connectionsStarted++;
      }
    }

    SyntheticPacket next() {
      time += 10_000;
      tick++;
      if (tick % 25 == 0) {
        long exchange = tick / 25;
        int client = CLIENTS + (int) (exchange / 2 % 60_000);
        boolean query = exchange % 2 == 0;
        int port = 1024 + (int) (exchange / 2 % 60_000);
        return query
            ? new SyntheticPacket(time, client, SERVERS + 53, IpProtocols.UDP, port, 53, 0, 0, 40)
            : new SyntheticPacket(time, SERVERS + 53, client, IpProtocols.UDP, 53, port, 0, 0, 120);
      }
      int slot = (int) (next++ % CONCURRENT);
      long connection = number[slot];
      int client = CLIENTS + 256 + (int) (connection / 60_000 % 60_000);
      int server = SERVERS + 1 + (int) (connection % 251);
      int clientPort = 1024 + (int) (connection % 60_000);
      int position = step[slot]++;
      if (step[slot] == PACKETS_PER_CONNECTION) {
        step[slot] = 0;
        number[slot] = connectionsStarted++;
      }
      long clientSequence = 1_000;
      long serverSequence = 5_000_000;
      int ack = TcpFlags.ACK;
      int pushAck = TcpFlags.PSH | TcpFlags.ACK;
      TcpConnection tcp = new TcpConnection(client, server, clientPort);
      return switch (position) {
        case 0 -> segment(tcp, TcpFlags.SYN, clientSequence, 0, false);
        case 1 -> segment(tcp, TcpFlags.SYN | ack, serverSequence, 0, true);
        case 2 -> segment(tcp, ack, clientSequence + 1, 0, false);
        case 21 -> segment(tcp, TcpFlags.FIN | ack, clientSequence + 1 + 9 * 500, 0, false);
        case 22 -> segment(tcp, TcpFlags.FIN | ack, serverSequence + 1 + 8 * 1400, 0, true);
        case 23 -> segment(tcp, ack, clientSequence + 2 + 9 * 500, 0, false);
        default -> {
          // Data: client requests (even) and server responses (odd); segment 12 is resent at 14.
          int data = position - 3;
          int index = data == 11 ? 7 : data;
          boolean fromServer = index % 2 == 1;
          yield fromServer
              ? segment(tcp, pushAck, serverSequence + 1 + index / 2 * 1400L, 1400, true)
              : segment(tcp, pushAck, clientSequence + 1 + index / 2 * 500L, 500, false);
        }
      };
    }

    /** A segment of {@code connection} at the current time, in either direction. */
    private SyntheticPacket segment(
        TcpConnection connection, int flags, long sequence, int payload, boolean fromServer) {
      return fromServer
          ? new SyntheticPacket(
              time,
              connection.server(),
              connection.client(),
              IpProtocols.TCP,
              SERVER_PORT,
              connection.clientPort(),
              flags,
              sequence,
              payload)
          : new SyntheticPacket(
              time,
              connection.client(),
              connection.server(),
              IpProtocols.TCP,
              connection.clientPort(),
              SERVER_PORT,
              flags,
              sequence,
              payload);
    }

    /** The endpoints of one synthetic connection; the server listens on {@link #SERVER_PORT}. */
    private record TcpConnection(int client, int server, int clientPort) {}
  }
}
