package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Generates a synthetic capture of a site's traffic: web sessions over TCP (HTTP and TLS, IPv4 and
 * IPv6, some on VLANs) with handshakes, bursts, retransmissions, FIN and RST teardowns; DNS
 * lookups, including answers large enough to be sent as IPv4 or IPv6 fragments; pings (ICMP and
 * ICMPv6); NTP; and horizontal and vertical TCP SYN port scans. Every packet is valid on the wire:
 * lengths, IPv4 header checksums and TCP/UDP/ICMP checksums are correct and frames are padded to
 * the Ethernet minimum.
 *
 * <p>The output is a function of the {@link GeneratorConfig} alone. Packets are written in
 * non-decreasing time order within [start, start + span] while the generator holds only the active
 * conversations (at most {@value #MAXIMUM_ACTIVE_CONVERSATIONS}) in a priority queue ordered by the
 * time of their next packet, so memory does not grow with the output.
 *
 * <p>Pacing: a conversation starts at the instant of the activity profile by which the fraction
 * {@code (emitted + expected) / (limit + expected)} of the traffic has happened, where {@code
 * expected} is what active conversations are still expected to emit; the ratio reaches 1 exactly
 * when the limit is reached, so the traffic fills the span whatever the mix turns out to be.
 * Conversations still running at the end of the span are cut there, as a capture would be.
 *
 * <p>Every capture contains at least one of each rare kind (IPv4 and IPv6 fragments, ICMPv6 echo, a
 * horizontal and a vertical scan): they are started when the output passes fixed fractions of the
 * limit, and occur at random as well.
 */
public final class TrafficGenerator {
  static final int MAXIMUM_ACTIVE_CONVERSATIONS = 1 << 16;

  // Frame bytes of an average packet of the mix, to size scans for a byte limit.
  private static final int TYPICAL_PACKET_BYTES = 900;
  // No single message is more than about this share of the limit.
  private static final int MESSAGE_SHARE_DIVISOR = 100;
  private static final int MAXIMUM_MESSAGE = 8_000_000;

  private static final Comparator<Conversation> BY_TIME =
      (first, second) -> {
        int byTime = Long.compare(first.time(), second.time());
        return byTime != 0 ? byTime : Long.compare(first.order(), second.order());
      };

  private enum Kind {
    TCP_OUTBOUND(0.40),
    TCP_INBOUND(0.02),
    DNS_ADDRESS(0.25),
    DNS_ADDRESS_PAIR(0.12),
    DNS_MISSING(0.04),
    DNS_LARGE(0.01),
    DNS_LARGE_IPV4(0),
    DNS_LARGE_IPV6(0),
    PING(0.06),
    PING_IPV6(0),
    NTP(0.05),
    HORIZONTAL_SCAN(0.0002),
    VERTICAL_SCAN(0.0002);

    final double weight;

    Kind(double weight) {
      this.weight = weight;
    }
  }

  /** Kinds started once when the output passes a fraction of the limit, in ascending order. */
  private static final Kind[] GUARANTEED = {
    Kind.DNS_LARGE_IPV4,
    Kind.DNS_LARGE_IPV6,
    Kind.PING_IPV6,
    Kind.HORIZONTAL_SCAN,
    Kind.VERTICAL_SCAN
  };

  private static final double[] GUARANTEED_AT = {0.02, 0.03, 0.04, 0.05, 0.12};

  private final GeneratorConfig config;
  private final GenerationObserver observer;

  public TrafficGenerator(GeneratorConfig config) {
    this(config, GenerationObserver.NONE);
  }

  /** A generator that tells {@code observer} the ground truth of what it writes. */
  public TrafficGenerator(GeneratorConfig config, GenerationObserver observer) {
    this.config = requireNonNull(config, "config is null");
    this.observer = requireNonNull(observer, "observer is null");
  }

  public GeneratorConfig config() {
    return config;
  }

  /**
   * Creates or replaces {@code file} with a generated capture.
   *
   * @param nanosecond nanosecond timestamps instead of microseconds
   * @return what was written; the elapsed time includes flushing and closing the file
   * @throws IOException when the file cannot be written
   */
  public GenerationSummary generate(Path file, CaptureFileFormat format, boolean nanosecond)
      throws IOException {
    long started = System.nanoTime();
    GenerationSummary summary;
    try (CaptureSink sink = CaptureSinks.open(file, format, nanosecond)) {
      summary = generate(sink);
    }
    return new GenerationSummary(
        summary.packets(),
        summary.bytes(),
        summary.conversations(),
        summary.firstTimestampNanos(),
        summary.lastTimestampNanos(),
        System.nanoTime() - started);
  }

  /**
   * Writes the generated packets to {@code sink}, which stays open.
   *
   * @return what was written
   * @throws IOException when the sink fails
   */
  public GenerationSummary generate(CaptureSink sink) throws IOException {
    requireNonNull(sink, "sink is null");
    return new Run(config, observer, sink).execute();
  }

  /** The state of one generation run. */
  private static final class Run {
    private final CaptureSink sink;
    private final Traffic traffic;
    private final ActivityProfile profile;
    private final boolean byBytes;
    private final long limit;
    private final long startNanos;
    private final long endNanos;
    private final int largestHorizontalScan;
    private final int largestVerticalScan;
    private final double totalWeight;
    private final PriorityQueue<Conversation> active = new PriorityQueue<>(1024, BY_TIME);
    private final PacketBuilder builder = new PacketBuilder();

    private int guaranteedStarted;
    private long emittedUnits;
    private long expectedUnits;
    private long packets;
    private long conversations;
    private long firstTimestamp = -1;
    private long lastTimestamp;

    Run(GeneratorConfig config, GenerationObserver observer, CaptureSink sink) {
      this.sink = sink;
      this.byBytes = config.limit().unit() == GenerationLimit.Unit.BYTES;
      this.limit = config.limit().amount();
      long packetsExpected = byBytes ? limit / TYPICAL_PACKET_BYTES : limit;
      int maximumMessage =
          (int)
              Network.clamp(
                  packetsExpected / MESSAGE_SHARE_DIVISOR * 1460, 65_536, MAXIMUM_MESSAGE);
      this.traffic = new Traffic(config.seed(), config.hosts(), maximumMessage, observer);
      this.startNanos = toNanos(config.start().getEpochSecond(), config.start().getNano());
      long spanNanos = toNanos(config.span().getSeconds(), config.span().getNano());
      this.endNanos = startNanos + spanNanos;
      this.profile = new ActivityProfile(startNanos, spanNanos, traffic.random.nextLong());
      this.largestHorizontalScan = (int) Network.clamp(packetsExpected / 400, 64, 4 * 254);
      this.largestVerticalScan = (int) Network.clamp(packetsExpected / 200, 128, 4_096);
      double weights = 0;
      for (Kind kind : Kind.values()) {
        weights += kind.weight;
      }
      this.totalWeight = weights;
      this.lastTimestamp = startNanos;
    }

    private static long toNanos(long seconds, int nanos) {
      return Math.addExact(Math.multiplyExact(seconds, Traffic.SECOND), nanos);
    }

    GenerationSummary execute() throws IOException {
      long started = System.nanoTime();
      Conversation pending = null;
      double pendingJitter = 0;
      while (true) {
        if (pending == null) {
          pending = plan();
          pendingJitter = pending.unitsLeft() * traffic.standardExponential();
        }
        // Recomputed while the conversation waits: the fraction grows as expected output is used.
        long pendingStart = startTime(pendingJitter);
        Conversation head = active.peek();
        if ((head == null || pendingStart <= head.time())
            && active.size() < MAXIMUM_ACTIVE_CONVERSATIONS) {
          pending.start(Math.max(pendingStart, lastTimestamp), conversations++);
          expectedUnits += pending.unitsLeft();
          active.add(pending);
          pending = null;
          continue;
        }
        active.poll();
        if (head.time() > endNanos) {
          // The capture stops at the end of the span; so does the conversation.
          expectedUnits -= head.unitsLeft();
          continue;
        }
        if (!emit(head)) {
          break;
        }
      }
      return new GenerationSummary(
          packets,
          sink.bytesWritten(),
          conversations,
          firstTimestamp < 0 ? startNanos : firstTimestamp,
          packets == 0 ? startNanos : lastTimestamp,
          System.nanoTime() - started);
    }

    /** Writes the head's next packet; false when the limit stops the run instead. */
    private boolean emit(Conversation conversation) throws IOException {
      if (!byBytes && packets >= limit) {
        return false;
      }
      long timestamp = conversation.time();
      int length = conversation.writeNext(builder);
      long units = byBytes ? sink.recordLength(length) : 1;
      if (byBytes && sink.bytesWritten() + units > limit) {
        return false;
      }
      sink.write(timestamp, builder.buffer(), length);
      packets++;
      emittedUnits += units;
      if (firstTimestamp < 0) {
        firstTimestamp = timestamp;
      }
      lastTimestamp = timestamp;
      long counted = Math.min(units, conversation.unitsLeft());
      conversation.setUnitsLeft(conversation.unitsLeft() - counted);
      expectedUnits -= counted;
      if (conversation.finished()) {
        expectedUnits -= conversation.unitsLeft();
      } else {
        active.add(conversation);
      }
      return byBytes || packets < limit;
    }

    /**
     * The instant a planned conversation starts: where its expected output begins in the profile,
     * shifted forward by {@code jitter} units (an exponential amount of its own size) so that
     * starts arrive irregularly.
     */
    private long startTime(double jitter) {
      double fraction = (emittedUnits + expectedUnits + jitter) / (double) (limit + expectedUnits);
      // Stay strictly inside the span so that the conversation emits at least its first packet.
      long time = profile.timeAt(Math.min(fraction, 1 - 1e-12));
      return Math.max(Math.min(time, endNanos), lastTimestamp);
    }

    private Conversation plan() {
      boolean guaranteed =
          guaranteedStarted < GUARANTEED.length
              && emittedUnits >= GUARANTEED_AT[guaranteedStarted] * limit;
      Kind kind = guaranteed ? GUARANTEED[guaranteedStarted++] : randomKind();
      Conversation conversation =
          switch (kind) {
            case TCP_OUTBOUND -> new TcpConversation(traffic, false);
            case TCP_INBOUND -> new TcpConversation(traffic, true);
            case DNS_ADDRESS ->
                new DnsConversation(traffic, DnsConversation.Kind.ADDRESS, IpPreference.ANY);
            case DNS_ADDRESS_PAIR ->
                new DnsConversation(traffic, DnsConversation.Kind.ADDRESS_PAIR, IpPreference.ANY);
            case DNS_MISSING ->
                new DnsConversation(traffic, DnsConversation.Kind.MISSING, IpPreference.ANY);
            case DNS_LARGE ->
                new DnsConversation(traffic, DnsConversation.Kind.LARGE_TEXT, IpPreference.ANY);
            case DNS_LARGE_IPV4 ->
                new DnsConversation(traffic, DnsConversation.Kind.LARGE_TEXT, IpPreference.IPV4);
            case DNS_LARGE_IPV6 ->
                new DnsConversation(traffic, DnsConversation.Kind.LARGE_TEXT, IpPreference.IPV6);
            case PING -> new PingConversation(traffic, IpPreference.ANY);
            case PING_IPV6 -> new PingConversation(traffic, IpPreference.IPV6);
            case NTP -> new NtpConversation(traffic);
            case HORIZONTAL_SCAN ->
                PortScan.horizontal(
                    traffic,
                    guaranteed ? largestHorizontalScan : scanSize(64, largestHorizontalScan));
            case VERTICAL_SCAN ->
                PortScan.vertical(
                    traffic, guaranteed ? largestVerticalScan : scanSize(128, largestVerticalScan));
          };
      long units =
          byBytes
              ? conversation.estimatedBytes()
                  + conversation.estimatedPackets() * sink.recordLength(0)
              : conversation.estimatedPackets();
      conversation.setUnitsLeft(Math.max(1, units));
      return conversation;
    }

    /** Guaranteed scans get the largest size; random ones anything from the smallest up. */
    private int scanSize(int smallest, int largest) {
      return traffic.random.nextInt(smallest, largest + 1);
    }

    private Kind randomKind() {
      double roll = traffic.random.nextDouble() * totalWeight;
      for (Kind kind : Kind.values()) {
        roll -= kind.weight;
        if (roll < 0) {
          return kind;
        }
      }
      return Kind.TCP_OUTBOUND;
    }
  }
}
