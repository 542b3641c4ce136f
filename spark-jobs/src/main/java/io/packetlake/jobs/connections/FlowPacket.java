package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketHeaders;

/**
 * The fields of one IP packet that connection tracking uses. Absent numbers are {@link #ABSENT}.
 *
 * @param timestampNanos capture time in nanoseconds since the Unix epoch
 * @param sourceAddress IP source address as text
 * @param destinationAddress IP destination address as text
 * @param protocol IP protocol (upper-layer protocol for IPv6; for a non-first fragment the protocol
 *     its header names)
 * @param sourcePort TCP or UDP source port
 * @param destinationPort TCP or UDP destination port
 * @param icmpType ICMP or ICMPv6 type
 * @param icmpCode ICMP or ICMPv6 code
 * @param tcpFlags TCP flag bits as tshark's {@code tcp.flags}
 * @param tcpSequence TCP sequence number, unsigned 32 bits
 * @param payloadLength transport payload bytes on the wire
 * @param frameLength frame length on the wire
 * @param ipTotalLength IP total length
 * @param ipIdentification IPv4 identification or IPv6 fragment identification
 * @param fragment whether the packet is an IP fragment
 * @param fragmentOffset fragment offset in bytes
 * @param captureId the capture_id of the capture the packet was read from
 */
public record FlowPacket(
    long timestampNanos,
    String sourceAddress,
    String destinationAddress,
    int protocol,
    int sourcePort,
    int destinationPort,
    int icmpType,
    int icmpCode,
    int tcpFlags,
    long tcpSequence,
    int payloadLength,
    int frameLength,
    int ipTotalLength,
    long ipIdentification,
    boolean fragment,
    int fragmentOffset,
    String captureId) {
  public static final int ABSENT = -1;

  public FlowPacket {
    requireNonNull(captureId, "captureId is null");
    requireNonNull(sourceAddress, "sourceAddress is null");
    requireNonNull(destinationAddress, "destinationAddress is null");
  }

  /**
   * The packet decoded as {@code headers}, captured at {@code timestampNanos} with {@code
   * frameLength} bytes on the wire and read from capture {@code captureId}; null when it has no IP
   * addresses.
   */
  public static FlowPacket of(
      long timestampNanos, int frameLength, PacketHeaders headers, String captureId) {
    requireNonNull(headers, "headers is null");
    if (!headers.hasIp() || headers.ipProtocol() < 0) {
      return null;
    }
    String source = headers.sourceAddressText();
    String destination = headers.destinationAddressText();
    if (source == null || destination == null) {
      return null;
    }
    boolean tcp = headers.ipProtocol() == IpProtocols.TCP && headers.tcpFlags() >= 0;
    return new FlowPacket(
        timestampNanos,
        source,
        destination,
        headers.ipProtocol(),
        headers.sourcePort(),
        headers.destinationPort(),
        headers.icmpType(),
        headers.icmpCode(),
        tcp ? headers.tcpFlags() : ABSENT,
        tcp ? headers.tcpSequence() : ABSENT,
        headers.payloadLength(),
        frameLength,
        headers.ipTotalLength(),
        headers.ipIdentification(),
        headers.fragment(),
        headers.fragmentOffset(),
        captureId);
  }

  /** A fragment after the first: it carries no transport header. */
  public boolean isNonFirstFragment() {
    return fragment && fragmentOffset > 0;
  }

  /** A first fragment of a fragmented packet: it carries the transport header. */
  public boolean isFirstFragment() {
    return fragment && fragmentOffset <= 0;
  }

  public boolean isTcp() {
    return protocol == IpProtocols.TCP && tcpFlags >= 0;
  }

  public boolean hasFlag(int flag) {
    return tcpFlags >= 0 && (tcpFlags & flag) != 0;
  }
}
