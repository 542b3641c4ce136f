package io.packetlake.pcap.app;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.EndpointOrder;
import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.FramedRecord;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One TCP or UDP packet that the application-layer pass examines: where it was captured, its flow,
 * and its payload as captured. A flow's segments, in {@link #ORDER}, are what {@link FlowPass}
 * reads; the same order whatever split read them and whatever the order of the captures.
 *
 * @param captureId the capture's id
 * @param captureFile the capture file
 * @param recordOffset the offset of the packet's record in the capture file
 * @param timeNanos capture time in nanoseconds since the epoch, {@link #NO_TIME} when unknown
 * @param ipProtocol 6 (TCP) or 17 (UDP)
 * @param sourceAddress the IP source address in the lake's text form
 * @param sourcePort the source port
 * @param destinationAddress the IP destination address in the lake's text form
 * @param destinationPort the destination port
 * @param flowKeyHash the direction-free hash of the flow key ({@link FlowKeys#hash})
 * @param tcpSequence the TCP sequence number, -1 for UDP
 * @param tcpFlags the TCP flag bits, 0 for UDP
 * @param payloadLength the payload's length as sent: for TCP the segment's data on the wire; for
 *     UDP the length the UDP header announces, which exceeds the bytes of a first fragment
 * @param payload the payload bytes that were captured (at most {@code payloadLength})
 */
public record PayloadSegment(
    String captureId,
    String captureFile,
    long recordOffset,
    long timeNanos,
    int ipProtocol,
    String sourceAddress,
    int sourcePort,
    String destinationAddress,
    int destinationPort,
    long flowKeyHash,
    long tcpSequence,
    int tcpFlags,
    int payloadLength,
    byte[] payload) {
  /** {@link #timeNanos} of a record without a capture time. */
  public static final long NO_TIME = Long.MIN_VALUE;

  /**
   * The order of a flow pass's input: by flow (hash, then endpoints, so that two flows whose hashes
   * collide stay apart), then capture time, capture id and record offset, which together identify a
   * packet.
   */
  public static final Comparator<PayloadSegment> ORDER =
      Comparator.comparingLong(PayloadSegment::flowKeyHash)
          .thenComparing(PayloadSegment::lowerEndpoint)
          .thenComparing(PayloadSegment::higherEndpoint)
          .thenComparingLong(PayloadSegment::timeNanos)
          .thenComparing(PayloadSegment::captureId)
          .thenComparingLong(PayloadSegment::recordOffset);

  public PayloadSegment {
    requireNonNull(captureId, "captureId is null");
    requireNonNull(captureFile, "captureFile is null");
    requireNonNull(sourceAddress, "sourceAddress is null");
    requireNonNull(destinationAddress, "destinationAddress is null");
    requireNonNull(payload, "payload is null");
    if (payload.length > payloadLength) {
      throw new IllegalArgumentException(
          "Cannot make segment: %d payload bytes captured of %d on the wire"
              .formatted(payload.length, payloadLength));
    }
  }

  /**
   * Whether the pass examines a decoded packet: TCP or UDP on a port of {@link ApplicationPorts},
   * with its transport header (so not a fragment after the first), and for TCP only segments that
   * carry data or open, close or reset the connection (pure acknowledgments say nothing here).
   */
  public static boolean examines(PacketHeaders headers) {
    if (!FlowKeys.hasKey(headers)
        || headers.payloadOffset() < 0
        || !ApplicationPorts.isDns(
            headers.ipProtocol(), headers.sourcePort(), headers.destinationPort())) {
      return false;
    }
    if (headers.ipProtocol() == IpProtocols.UDP) {
      return true;
    }
    int flags = headers.tcpFlags();
    return headers.payloadLength() > 0
        || (flags & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) != 0;
  }

  /** The segment of a decoded packet that {@link #examines} accepts; its payload is copied. */
  public static PayloadSegment of(
      String captureId, String captureFile, FramedRecord record, PacketHeaders headers) {
    int protocol = headers.ipProtocol();
    String source = headers.sourceAddressText();
    String destination = headers.destinationAddressText();
    int sourcePort = headers.sourcePort();
    int destinationPort = headers.destinationPort();
    int offset = headers.payloadOffset();
    byte[] payload =
        Arrays.copyOfRange(headers.data(), offset, offset + headers.capturedPayloadLength());
    boolean tcp = protocol == IpProtocols.TCP;
    return new PayloadSegment(
        captureId,
        captureFile,
        record.offset(),
        record.hasTimestamp() ? record.timestampNanos() : NO_TIME,
        protocol,
        source,
        sourcePort,
        destination,
        destinationPort,
        FlowKeys.hash(protocol, source, sourcePort, destination, destinationPort),
        tcp ? headers.tcpSequence() : -1,
        tcp ? headers.tcpFlags() : 0,
        tcp ? headers.payloadLength() : Math.max(headers.payloadLength(), headers.udpLength() - 8),
        payload);
  }

  /** Whether bytes of the payload are missing: cut by the snap length, or in later fragments. */
  public boolean payloadCut() {
    return payload.length < payloadLength;
  }

  public boolean hasTime() {
    return timeNanos != NO_TIME;
  }

  public boolean isTcp() {
    return ipProtocol == IpProtocols.TCP;
  }

  /** Whether the flow's two segments {@code this} and {@code other} belong to one flow. */
  public boolean sameFlow(PayloadSegment other) {
    return flowKeyHash == other.flowKeyHash
        && ipProtocol == other.ipProtocol
        && lowerEndpoint().equals(other.lowerEndpoint())
        && higherEndpoint().equals(other.higherEndpoint());
  }

  /** Whether this segment was sent by the flow's lower endpoint ({@link EndpointOrder}). */
  public boolean fromLowerEndpoint() {
    return EndpointOrder.compare(sourceAddress, sourcePort, destinationAddress, destinationPort)
        <= 0;
  }

  private String lowerEndpoint() {
    return fromLowerEndpoint()
        ? endpoint(sourceAddress, sourcePort)
        : endpoint(destinationAddress, destinationPort);
  }

  private String higherEndpoint() {
    return fromLowerEndpoint()
        ? endpoint(destinationAddress, destinationPort)
        : endpoint(sourceAddress, sourcePort);
  }

  private static String endpoint(String address, int port) {
    return address + ' ' + port;
  }
}
