package io.packetlake.pcap.app;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsParseStatus;
import io.packetlake.pcap.app.dns.DnsParser;
import io.packetlake.pcap.app.dns.DnsTcpFramer;
import io.packetlake.pcap.app.tcp.TcpReassembler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The application-layer pass over payload segments, flow after flow: UDP datagrams are parsed as
 * they come, TCP streams are reassembled per direction ({@link TcpReassembler}) and cut into
 * messages, and each DNS response is paired with the query it answers.
 *
 * <p><b>The same messages whatever the split.</b> The pass reads segments in {@link
 * PayloadSegment#ORDER}: grouped by flow, then by capture time, capture id and record offset. That
 * order is a property of the packets alone, not of the split that read them or of the order the
 * captures were given in, and everything the pass keeps is per flow and reset between flows; so the
 * messages, their statuses and their pairing depend only on the set of packets examined. Every
 * bound (the stream limit, the pairing window) is counted in bytes of a flow or seconds of capture
 * time, never in packets of a split.
 *
 * <p><b>Memory.</b> Only the current flow's state is held: per TCP direction at most {@code
 * maxStreamBytes} of out-of-order data and one message being framed (at most 65,537 bytes), and for
 * pairing one capture time per DNS transaction id (at most 65,536).
 *
 * <p>Not thread-safe. Feed segments with {@link #add}, then call {@link #finish}.
 */
public final class FlowPass {
  /**
   * How long after its query a response may come and still be paired with it: far longer than any
   * resolver waits (a few seconds), far shorter than the time it takes a client to reuse a
   * transaction id on one 5-tuple.
   */
  public static final long PAIRING_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * The bytes of each direction of a TCP connection examined unless told otherwise, 1 MiB: sixteen
   * DNS messages of the largest size, and far more than the heads of HTTP messages and the TLS
   * handshakes the pass reads; a zone transfer beyond it is cut off and counted.
   */
  public static final int DEFAULT_MAX_STREAM_BYTES = 1 << 20;

  private final int maxStreamBytes;
  private final Consumer<ObservedDnsMessage> output;
  private final PassCounters counters = new PassCounters();

  private PayloadSegment flow;
  private final Map<Integer, Long> queryTimes = new HashMap<>();
  private TcpDirection lower;
  private TcpDirection higher;

  /**
   * @param maxStreamBytes the bytes of each direction of a TCP connection that are examined; the
   *     rest is counted in {@link PassCounters#cutOffBytes()}
   * @param output receives each message as it is found
   */
  public FlowPass(int maxStreamBytes, Consumer<ObservedDnsMessage> output) {
    if (maxStreamBytes <= 0) {
      throw new IllegalArgumentException(
          "Cannot make pass: maxStreamBytes must be positive: " + maxStreamBytes);
    }
    this.maxStreamBytes = maxStreamBytes;
    this.output = requireNonNull(output, "output is null");
  }

  /** Examines the next segment; segments come in {@link PayloadSegment#ORDER}. */
  public void add(PayloadSegment segment) {
    requireNonNull(segment, "segment is null");
    if (flow == null || !flow.sameFlow(segment)) {
      endFlow();
      flow = segment;
      counters.flows++;
    }
    counters.segments++;
    if (segment.isTcp()) {
      direction(segment).add(segment);
    } else {
      byte[] payload = segment.payload();
      DnsMessage message = DnsParser.parse(payload, 0, payload.length);
      if (segment.payloadCut()) {
        // Whatever the parser made of the bytes it saw, the message goes on where they stop.
        message = message.withStatus(DnsParseStatus.TRUNCATED);
      }
      emit(segment, message, payload.length);
    }
  }

  /** Ends the last flow: what its TCP streams still hold is framed and reported. */
  public void finish() {
    endFlow();
  }

  public PassCounters counters() {
    return counters;
  }

  private TcpDirection direction(PayloadSegment segment) {
    if (segment.fromLowerEndpoint()) {
      if (lower == null) {
        lower = new TcpDirection();
      }
      return lower;
    }
    if (higher == null) {
      higher = new TcpDirection();
    }
    return higher;
  }

  private void endFlow() {
    if (lower != null) {
      lower.finish();
    }
    if (higher != null) {
      higher.finish();
    }
    lower = null;
    higher = null;
    flow = null;
    queryTimes.clear();
  }

  /** Pairs a message with its query and hands it on. */
  private void emit(PayloadSegment packet, DnsMessage message, int length) {
    counters.dnsMessages++;
    long queryTime = PayloadSegment.NO_TIME;
    if (message.hasHeader() && packet.hasTime()) {
      if (!message.response()) {
        queryTimes.put(message.transactionId(), packet.timeNanos());
      } else {
        Long asked = queryTimes.get(message.transactionId());
        if (asked != null
            && asked <= packet.timeNanos()
            && packet.timeNanos() - asked <= PAIRING_WINDOW_NANOS) {
          queryTime = asked;
        }
      }
    }
    output.accept(new ObservedDnsMessage(packet, message, length, queryTime));
  }

  /** One direction of a TCP connection: its reassembly and its DNS framing. */
  private final class TcpDirection {
    private final TcpReassembler reassembler = new TcpReassembler(maxStreamBytes);
    private final DnsTcpFramer framer =
        new DnsTcpFramer(
            framed -> {
              byte[] bytes = framed.bytes();
              DnsMessage message = DnsParser.parse(bytes, 0, bytes.length);
              if (!framed.complete() && message.status() == DnsParseStatus.OK) {
                message = message.withStatus(DnsParseStatus.TRUNCATED);
              }
              emit(framed.trigger(), message, bytes.length);
            });

    void add(PayloadSegment segment) {
      reassembler.add(segment, framer);
    }

    void finish() {
      reassembler.finish(framer);
      counters.duplicateBytes += reassembler.duplicateBytes();
      counters.gapBytes += reassembler.gapBytes();
      counters.cutOffBytes += reassembler.cutOffBytes();
      counters.unframedBytes += framer.unframedBytes();
    }
  }
}
