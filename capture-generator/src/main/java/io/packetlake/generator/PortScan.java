package io.packetlake.generator;

import static io.packetlake.generator.Traffic.MICROSECOND;
import static io.packetlake.generator.Traffic.MILLISECOND;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;

/**
 * A TCP SYN scan from one local host, the way nmap's {@code -sS} does it: a SYN with only an MSS
 * option and a 1024-byte window from one source port; a closed port answers RST/ACK, an open one
 * SYN/ACK, which the scanner's kernel resets; filtered probes get no answer.
 *
 * <p>A horizontal scan probes one port on many consecutive addresses of a remote network; a
 * vertical scan probes many ports of one host, common ports first.
 */
final class PortScan extends Conversation {
  private static final int[] HORIZONTAL_PORTS = {22, 23, 80, 443, 445, 3389, 5900, 8080};
  private static final int[] COMMON_PORTS = {
    80, 23, 443, 21, 22, 25, 3389, 110, 445, 139, 143, 53, 135, 3306, 8080, 1723, 111, 995, 993,
    5900
  };
  // Coprime with 65,535: steps through every port once.
  private static final int PORT_STRIDE = 40_503;

  private enum Stage {
    PROBE,
    ANSWER,
    SCANNER_RESET
  }

  private final Traffic traffic;
  private final Host scanner;
  private final boolean horizontal;
  private final int probes;
  private final int sourcePort;
  private final int horizontalPort;
  private final int networkBase;
  private final int targetStride;
  private final Host verticalTarget;
  private final int portOffset;
  private final long probeGap;

  private Stage stage = Stage.PROBE;
  private int probe;
  private Link link;
  private int destinationPort;
  private int sequence;
  private boolean open;
  private long probeTime;
  private int nextCandidate;

  private PortScan(Traffic traffic, boolean horizontal, int probes) {
    this.traffic = traffic;
    this.horizontal = horizontal;
    this.probes = probes;
    this.scanner = traffic.network.pickClient(traffic.random);
    this.sourcePort = traffic.random.nextInt(33_000, 65_000);
    this.horizontalPort = HORIZONTAL_PORTS[traffic.random.nextInt(HORIZONTAL_PORTS.length)];
    this.networkBase = horizontal ? publicBlock(traffic) : 0;
    this.targetStride = strideFor(probes, traffic);
    this.verticalTarget =
        horizontal
            ? null
            : traffic.chance(0.5)
                ? traffic.network.pickLocalPeer(traffic.random, scanner)
                : traffic.network.pickServer(traffic.random);
    this.portOffset = traffic.random.nextInt(65_535);
    this.probeGap =
        horizontal
            ? traffic.random.nextLong(MILLISECOND, 5 * MILLISECOND)
            : traffic.random.nextLong(200 * MICROSECOND, 2 * MILLISECOND);
  }

  /** Probes one port on {@code targets} addresses (at most 1016, four /24s less .0 and .255). */
  static PortScan horizontal(Traffic traffic, int targets) {
    if (targets < 1 || targets > 4 * 254) {
      throw new IllegalArgumentException("Cannot scan: targets must be in [1, 1016]: " + targets);
    }
    return new PortScan(traffic, true, targets);
  }

  /** Probes {@code ports} distinct ports of one host. */
  static PortScan vertical(Traffic traffic, int ports) {
    if (ports < 1 || ports > 65_535) {
      throw new IllegalArgumentException("Cannot scan: ports must be in [1, 65535]: " + ports);
    }
    return new PortScan(traffic, false, ports);
  }

  /** A /22 of public addresses. */
  private static int publicBlock(Traffic traffic) {
    while (true) {
      int base = Network.publicAddress(traffic.random) & 0xFFFF_FC00;
      if (Network.isPublic(base + 1) && Network.isPublic(base + 3 * 256 + 254)) {
        return base;
      }
    }
  }

  /** A stride coprime with {@code count}, to visit targets in a scrambled order. */
  private static int strideFor(int count, Traffic traffic) {
    while (true) {
      int stride = traffic.random.nextInt(1, Math.max(2, count));
      if (greatestCommonDivisor(stride, count) == 1) {
        return stride;
      }
    }
  }

  private static int greatestCommonDivisor(int first, int second) {
    return second == 0 ? first : greatestCommonDivisor(second, first % second);
  }

  @Override
  long estimatedPackets() {
    return probes * 2L + probes / 10;
  }

  @Override
  long estimatedBytes() {
    return estimatedPackets() * 64;
  }

  @Override
  int writeNext(PacketBuilder builder) {
    return switch (stage) {
      case PROBE -> writeProbe(builder);
      case ANSWER -> writeAnswer(builder);
      case SCANNER_RESET -> writeScannerReset(builder);
    };
  }

  private int writeProbe(PacketBuilder builder) {
    Host target;
    if (horizontal) {
      int index = (int) ((long) probe * targetStride % probes);
      int address = networkBase + (index / 254) * 256 + index % 254 + 1;
      target = Network.remoteHost(traffic.random, address);
      destinationPort = horizontalPort;
    } else {
      target = verticalTarget;
      destinationPort = nextPort();
    }
    link = new Link(scanner, target, false, 0, traffic.random);
    sequence = traffic.random.nextInt();
    probeTime = time();
    link.begin(builder, true, IpProtocols.TCP);
    builder.tcpSyn(sourcePort, destinationPort, sequence, 0, TcpFlags.SYN, 1024, 1460, -1);
    int length = builder.finish(0);
    traffic.observer.tcpConnectionStarted();
    int roll = traffic.random.nextInt(100);
    if (roll < 10) {
      nextProbe();
    } else {
      open = isOpen(target, destinationPort, roll);
      stage = Stage.ANSWER;
      advance(traffic.answerDelay(target));
    }
    return length;
  }

  private boolean isOpen(Host target, int port, int roll) {
    if (horizontal) {
      return roll >= 94;
    }
    if (!target.local()) {
      return port == 80 || port == 443;
    }
    return switch (target.stack()) {
      case WINDOWS -> port == 135 || port == 139 || port == 445 || port == 3389;
      case MACOS -> port == 22 || port == 5900;
      default -> port == 22;
    };
  }

  private int writeAnswer(PacketBuilder builder) {
    link.begin(builder, false, IpProtocols.TCP);
    Host target = link.second();
    int length;
    if (open) {
      builder.tcpSyn(
          destinationPort,
          sourcePort,
          traffic.random.nextInt(),
          sequence + 1,
          TcpFlags.SYN | TcpFlags.ACK,
          target.stack().synWindow,
          1460,
          -1);
      length = builder.finish(0);
      stage = Stage.SCANNER_RESET;
      advance(traffic.answerDelay(scanner));
    } else {
      builder.tcp(destinationPort, sourcePort, 0, sequence + 1, TcpFlags.RST | TcpFlags.ACK, 0);
      length = builder.finish(0);
      nextProbe();
    }
    return length;
  }

  private int writeScannerReset(PacketBuilder builder) {
    link.begin(builder, true, IpProtocols.TCP);
    builder.tcp(sourcePort, destinationPort, sequence + 1, 0, TcpFlags.RST, 0);
    int length = builder.finish(0);
    nextProbe();
    return length;
  }

  private void nextProbe() {
    probe++;
    if (probe == probes) {
      end();
      return;
    }
    stage = Stage.PROBE;
    advance(probeTime + probeGap - time());
  }

  /** Common ports first, then every other port in a scrambled order. */
  private int nextPort() {
    if (probe < COMMON_PORTS.length) {
      return COMMON_PORTS[probe];
    }
    while (true) {
      int port = (int) ((nextCandidate++ * (long) PORT_STRIDE + portOffset) % 65_535) + 1;
      if (!isCommon(port)) {
        return port;
      }
    }
  }

  private static boolean isCommon(int port) {
    for (int common : COMMON_PORTS) {
      if (common == port) {
        return true;
      }
    }
    return false;
  }
}
