package io.packetlake.pcap.decode;

import java.util.Arrays;

/**
 * The fields of one decoded packet in primitive, mutable form: what {@link PacketDecoder} fills.
 *
 * <p>Hot loops create one and pass it to {@link PacketDecoder#decode(HeaderBuilder, int, byte[],
 * int, int, int)} for every packet, reading the fields through the accessors (same meaning and
 * sentinels as {@link PacketHeaders}) without allocating anything per packet; {@link #build()}
 * makes the immutable {@link PacketHeaders} when one is wanted. Each decode clears every field
 * first. Not thread-safe: one per thread. The packet bytes are referenced, not copied, and the
 * address accessors read them, so they are valid only while the caller keeps those bytes.
 *
 * <p>Layer decoders set fields directly and report problems through the status methods, of which
 * the first one reported wins. Offsets are indices into {@link #data}: the packet occupies {@code
 * [start, end)}.
 */
public final class HeaderBuilder {
  private static final byte[] EMPTY = new byte[0];

  byte[] data = EMPTY;

  /** Index of the first byte of the packet in {@link #data}. */
  int start;

  /** Index just past the last captured byte of the packet in {@link #data}. */
  int end;

  /**
   * Index just past the frame as it was on the wire: {@code start} plus the original length, or
   * {@link #end} if larger. May lie beyond {@code data.length}; it only bounds lengths.
   */
  int wireEnd;

  private int linkType;
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

  public HeaderBuilder() {}

  /** Clears every field and points at the packet {@code data[offset, offset + length)}. */
  void reset(int linkType, byte[] data, int offset, int length, int originalLength) {
    this.linkType = linkType;
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.wireEnd =
        (int) Math.min(Integer.MAX_VALUE, (long) offset + Math.max(originalLength, length));
    status = DecodeStatus.OK;
    ethernetDestination = -1;
    ethernetSource = -1;
    etherType = -1;
    vlanId = -1;
    vlanCount = 0;
    payloadEtherType = -1;
    ipVersion = 0;
    ipHeaderLength = -1;
    ipTos = -1;
    ipTotalLength = -1;
    ipIdentification = -1;
    dontFragment = false;
    moreFragments = false;
    fragmentOffset = -1;
    fragment = false;
    ttl = -1;
    ipProtocol = -1;
    ipv6NextHeader = -1;
    ipv6PayloadLength = -1;
    flowLabel = -1;
    sourceAddressOffset = -1;
    destinationAddressOffset = -1;
    addressLength = 0;
    sourcePort = -1;
    destinationPort = -1;
    tcpSequence = -1;
    tcpAcknowledgment = -1;
    tcpFlags = -1;
    tcpWindow = -1;
    tcpHeaderLength = -1;
    payloadLength = -1;
    udpLength = -1;
    icmpType = -1;
    icmpCode = -1;
    tunnel = Tunnel.NONE;
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

  /** How far decoding got; see {@link PacketHeaders#status()}. */
  public DecodeStatus status() {
    return status;
  }

  public int linkType() {
    return linkType;
  }

  public long ethernetDestination() {
    return ethernetDestination;
  }

  public long ethernetSource() {
    return ethernetSource;
  }

  public int etherType() {
    return etherType;
  }

  public int vlanId() {
    return vlanId;
  }

  public int vlanCount() {
    return vlanCount;
  }

  public int payloadEtherType() {
    return payloadEtherType;
  }

  public int ipVersion() {
    return ipVersion;
  }

  public int ipHeaderLength() {
    return ipHeaderLength;
  }

  public int ipTos() {
    return ipTos;
  }

  public int ipTotalLength() {
    return ipTotalLength;
  }

  public long ipIdentification() {
    return ipIdentification;
  }

  public boolean dontFragment() {
    return dontFragment;
  }

  public boolean moreFragments() {
    return moreFragments;
  }

  public int fragmentOffset() {
    return fragmentOffset;
  }

  public boolean fragment() {
    return fragment;
  }

  public int ttl() {
    return ttl;
  }

  public int ipProtocol() {
    return ipProtocol;
  }

  public int ipv6NextHeader() {
    return ipv6NextHeader;
  }

  public int ipv6PayloadLength() {
    return ipv6PayloadLength;
  }

  public int flowLabel() {
    return flowLabel;
  }

  public int sourcePort() {
    return sourcePort;
  }

  public int destinationPort() {
    return destinationPort;
  }

  public long tcpSequence() {
    return tcpSequence;
  }

  public long tcpAcknowledgment() {
    return tcpAcknowledgment;
  }

  public int tcpFlags() {
    return tcpFlags;
  }

  public int tcpWindow() {
    return tcpWindow;
  }

  public int tcpHeaderLength() {
    return tcpHeaderLength;
  }

  public int payloadLength() {
    return payloadLength;
  }

  public int udpLength() {
    return udpLength;
  }

  public int icmpType() {
    return icmpType;
  }

  public int icmpCode() {
    return icmpCode;
  }

  public Tunnel tunnel() {
    return tunnel;
  }

  /** Whether an IPv4 or IPv6 header was found. */
  public boolean hasIp() {
    return ipVersion != 0;
  }

  /** Length of the IP addresses (4 or 16), 0 when the packet has none. */
  public int addressLength() {
    return sourceAddressOffset < 0 ? 0 : addressLength;
  }

  /** Index of the IP source address in the decoded bytes, -1 when absent. */
  public int sourceAddressOffset() {
    return sourceAddressOffset;
  }

  /** Index of the IP destination address in the decoded bytes, -1 when absent. */
  public int destinationAddressOffset() {
    return destinationAddressOffset;
  }

  /** The IPv4 source address as an unsigned 32-bit number, -1 when the packet has none. */
  public long sourceIpv4() {
    return sourceAddressOffset < 0 || addressLength != 4
        ? -1
        : Bytes.uint32(data, sourceAddressOffset);
  }

  /** The IPv4 destination address as an unsigned 32-bit number, -1 when the packet has none. */
  public long destinationIpv4() {
    return destinationAddressOffset < 0 || addressLength != 4
        ? -1
        : Bytes.uint32(data, destinationAddressOffset);
  }

  /** A new array with the IP source address (4 or 16 bytes), or null. */
  public byte[] sourceAddress() {
    return address(sourceAddressOffset);
  }

  /** A new array with the IP destination address (4 or 16 bytes), or null. */
  public byte[] destinationAddress() {
    return address(destinationAddressOffset);
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

  /** The immutable value of the fields decoded last. */
  public PacketHeaders build() {
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
