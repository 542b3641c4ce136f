package io.packetlake.generator;

import io.packetlake.pcap.framing.EpochNanos;
import java.util.SplittableRandom;

/**
 * What every conversation of one run shares: the random source, the network, the payload pools and
 * scratch space. One run is single-threaded, so sharing one random source keeps the output a
 * function of the seed alone.
 */
final class Traffic {
  static final long MICROSECOND = 1_000L;
  static final long MILLISECOND = 1_000_000L;
  static final long SECOND = EpochNanos.NANOS_PER_SECOND;

  final SplittableRandom random;
  final Network network;
  final PayloadPool payloads;

  /** Builds whole datagrams before they are cut into fragments. */
  final PacketBuilder scratchBuilder = new PacketBuilder();

  /** Holds regenerated message headers (HTTP) while segments are cut from them. */
  final byte[] text = new byte[8192];

  /**
   * The largest TCP message, small enough that no single download takes a large share of a small
   * capture (the pacing assumes conversations are small against the whole).
   */
  final int maximumMessage;

  /** Told the ground truth of what is generated. */
  final GenerationObserver observer;

  Traffic(long seed, int hosts, int maximumMessage) {
    this(seed, hosts, maximumMessage, GenerationObserver.NONE);
  }

  Traffic(long seed, int hosts, int maximumMessage, GenerationObserver observer) {
    this.maximumMessage = maximumMessage;
    this.observer = observer;
    this.random = new SplittableRandom(seed);
    this.network = new Network(random.split(), hosts);
    this.payloads = new PayloadPool(random.split());
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** An exponentially distributed number with mean 1. */
  double standardExponential() {
    return -Math.log(1 - random.nextDouble());
  }

  /** A log-normally distributed value with the given median, clamped to [minimum, maximum]. */
  long logNormal(double median, double sigma, long minimum, long maximum) {
    return Network.clamp(Network.logNormal(random, median, sigma), minimum, maximum);
  }

  /** An ephemeral port of {@code host}'s stack. */
  int ephemeralPort(Host host) {
    return random.nextInt(host.stack().firstEphemeralPort, host.stack().lastEphemeralPort + 1);
  }

  /** Time a host takes to answer a packet that just passed the capture point. */
  long answerDelay(Host host) {
    return host.roundTripNanos() + random.nextLong(10 * MICROSECOND, 200 * MICROSECOND);
  }
}
