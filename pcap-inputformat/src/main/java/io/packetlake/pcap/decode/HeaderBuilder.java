package io.packetlake.pcap.decode;

import java.util.Arrays;

/**
 * The mutable state of one {@link PacketDecoder#decode} call: the packet being decoded and the
 * fields found so far. Each call creates its own; it is never shared between threads or packets.
 * Layer decoders set fields directly and report problems through the status methods, of which the
 * first one reported wins.
 */
final class HeaderBuilder {
  final byte[] data;

  /** Bytes the frame had on the wire: the original length, or the captured length if larger. */
  final int wireLength;

  private final int linkType;
  private DecodeStatus status = DecodeStatus.OK;

  long ethernetDestination = -1;
  long ethernetSource = -1;
  int etherType = -1;
  int vlanId = -1;
  int vlanCount;
  int payloadEtherType = -1;
  int ipVersion;
  int ipHeaderLength = -1;
  int ipTos = -1;
  int ipTotalLength = -1;
  long ipIdentification = -1;
  boolean dontFragment;
  boolean moreFragments;
  int fragmentOffset = -1;
  boolean fragment;
  int ttl = -1;
  int ipProtocol = -1;
  int ipv6NextHeader = -1;
  int ipv6PayloadLength = -1;
  int flowLabel = -1;
  private int sourceAddressOffset = -1;
  private int destinationAddressOffset = -1;
  private int addressLength;
  int sourcePort = -1;
  int destinationPort = -1;
  long tcpSequence = -1;
  long tcpAcknowledgment = -1;
  int tcpFlags = -1;
  int tcpWindow = -1;
  int tcpHeaderLength = -1;
  int payloadLength = -1;
  int udpLength = -1;
  int icmpType = -1;
  int icmpCode = -1;
  Tunnel tunnel = Tunnel.NONE;

  HeaderBuilder(int linkType, byte[] data, int originalLength) {
    this.linkType = linkType;
    this.data = data;
    this.wireLength = Math.max(originalLength, data.length);
  }

  /** Marks the IP source address as the {@code length} bytes at {@code offset}. */
  void sourceAddress(int offset, int length) {
    sourceAddressOffset = offset;
    addressLength = length;
  }

  /** Marks the IP destination address as the {@code length} bytes at {@code offset}. */
  void destinationAddress(int offset, int length) {
    destinationAddressOffset = offset;
    addressLength = length;
  }

  DecodeStatus status() {
    return status;
  }

  void notIp() {
    report(DecodeStatus.NOT_IP);
  }

  void unsupportedLinkType() {
    report(DecodeStatus.UNSUPPORTED_LINK_TYPE);
  }

  void truncated() {
    report(DecodeStatus.TRUNCATED);
  }

  void malformedLink() {
    report(DecodeStatus.MALFORMED_LINK);
  }

  void malformedIp() {
    report(DecodeStatus.MALFORMED_IP);
  }

  void malformedTransport() {
    report(DecodeStatus.MALFORMED_TRANSPORT);
  }

  private void report(DecodeStatus problem) {
    if (status == DecodeStatus.OK) {
      status = problem;
    }
  }

  PacketHeaders build() {
    return new PacketHeaders(
        status,
        linkType,
        ethernetDestination,
        ethernetSource,
        etherType,
        vlanId,
        vlanCount,
        payloadEtherType,
        ipVersion,
        ipHeaderLength,
        ipTos,
        ipTotalLength,
        ipIdentification,
        dontFragment,
        moreFragments,
        fragmentOffset,
        fragment,
        ttl,
        ipProtocol,
        ipv6NextHeader,
        ipv6PayloadLength,
        flowLabel,
        address(sourceAddressOffset),
        address(destinationAddressOffset),
        sourcePort,
        destinationPort,
        tcpSequence,
        tcpAcknowledgment,
        tcpFlags,
        tcpWindow,
        tcpHeaderLength,
        payloadLength,
        udpLength,
        icmpType,
        icmpCode,
        tunnel);
  }

  private byte[] address(int offset) {
    return offset < 0 ? null : Arrays.copyOfRange(data, offset, offset + addressLength);
  }
}
