package io.packetlake.pcap.decode;

import java.util.Arrays;

/**
 * The layer 2 to 4 header fields of one packet, as {@link PacketDecoder} decodes them: a mutable
 * holder that hot loops reuse for packet after packet, allocating nothing per packet.
 *
 * <p>Each decode clears every field first. Absent values use sentinels rather than boxed types:
 * {@code -1} for numbers (a field that the packet does not have, or whose bytes were not captured),
 * {@code 0} for {@link #ipVersion()} and {@link #vlanCount()}, {@code false} for flags and {@code
 * null} for addresses. Lengths are in bytes. Where a field has an equivalent in tshark, the value
 * is the one tshark shows for the outermost header (its {@code -E occurrence=f}), except where
 * noted. A holder that was never decoded into stands for a frame that was not decoded: see {@link
 * #decoded()}.
 *
 * <p>The packet bytes are referenced, not copied, and the address accessors read them, so a reused
 * holder is valid only while the caller keeps those bytes; {@link PacketDecoder#decode(int, byte[],
 * int)} returns a holder of its own copy. Not thread-safe. There is no value equality: holders are
 * compared through the columns they give ({@link PacketColumn}), which {@link #toString()} lists.
 *
 * <p>Layer decoders set fields directly and report problems through the status methods, of which
 * the first one reported wins. Offsets are indices into {@link #data}: the packet occupies {@code
 * [start, end)}.
 */
public final class PacketHeaders {
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

  private boolean decoded;
  private int linkType;
  private DecodeStatus status = DecodeStatus.OK;

  long ethernetDestination;
  long ethernetSource;
  int etherType;
  int vlanId;
  int vlanCount;
  int payloadEtherType;
  int ipVersion;
  int ipHeaderLength;
  int ipTos;
  int ipTotalLength;
  long ipIdentification;
  boolean dontFragment;
  boolean moreFragments;
  int fragmentOffset;
  boolean fragment;
  int ttl;
  int ipProtocol;
  int ipv6NextHeader;
  int ipv6PayloadLength;
  int flowLabel;
  private int sourceAddressOffset;
  private int destinationAddressOffset;
  private int addressLength;
  int sourcePort;
  int destinationPort;
  long tcpSequence;
  long tcpAcknowledgment;
  int tcpFlags;
  int tcpWindow;
  int tcpHeaderLength;
  int payloadLength;

  /** Index of the transport payload's first byte in {@link #data}, -1 without one. */
  int payloadOffset;

  /**
   * Index in {@link #data} of the first byte after the IP header (after the fragment header of an
   * IPv6 fragment), -1 when the IP header was not decoded that far.
   */
  int ipPayloadOffset;

  /** Index just past the IP payload as it was on the wire (may lie beyond the captured bytes). */
  int ipPayloadEnd;

  int udpLength;
  int icmpType;
  int icmpCode;
  Tunnel tunnel;

  /** A holder of no packet: {@link #decoded()} is false and every field is absent. */
  public PacketHeaders() {
    clearFields();
  }

  /** Clears every field and points at the packet {@code data[offset, offset + length)}. */
  void reset(int linkType, byte[] data, int offset, int length, int originalLength) {
    this.decoded = true;
    this.linkType = linkType;
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.wireEnd =
        (int) Math.min(Integer.MAX_VALUE, (long) offset + Math.max(originalLength, length));
    status = DecodeStatus.OK;
    clearFields();
  }

  /** Sets every header field to its absent value: -1, false, zero counts, no tunnel. */
  private void clearFields() {
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
    payloadOffset = -1;
    ipPayloadOffset = -1;
    ipPayloadEnd = -1;
    udpLength = -1;
    icmpType = -1;
    icmpCode = -1;
    tunnel = Tunnel.NONE;
  }

  /**
   * Keeps a copy of the only bytes the accessors read after decoding, the addresses, so that the
   * holder no longer refers to the packet's bytes.
   */
  void detach() {
    byte[] kept = new byte[2 * addressLength];
    if (sourceAddressOffset >= 0) {
      System.arraycopy(data, sourceAddressOffset, kept, 0, addressLength);
      sourceAddressOffset = 0;
    }
    if (destinationAddressOffset >= 0) {
      System.arraycopy(data, destinationAddressOffset, kept, addressLength, addressLength);
      destinationAddressOffset = addressLength;
    }
    // The payload is not kept.
    payloadOffset = -1;
    ipPayloadOffset = -1;
    ipPayloadEnd = -1;
    data = kept;
    start = 0;
    end = kept.length;
    wireEnd = end;
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

  /**
   * Whether a packet was decoded into this holder; false for a new holder, which stands for a frame
   * that was not decoded (a corrupt region), all of whose fields are absent.
   */
  public boolean decoded() {
    return decoded;
  }

  /** How far decoding got; see {@link DecodeStatus}. */
  public DecodeStatus status() {
    return status;
  }

  /** The LINKTYPE_* the packet was decoded as. */
  public int linkType() {
    return linkType;
  }

  /** Destination MAC as a 48-bit number, -1 when the link has none. */
  public long ethernetDestination() {
    return ethernetDestination;
  }

  /**
   * Source MAC as a 48-bit number, -1 when the link has none; for Linux cooked captures of Ethernet
   * devices, the link-layer address in the cooked header.
   */
  public long ethernetSource() {
    return ethernetSource;
  }

  /**
   * The outer EtherType as tshark's {@code eth.type} shows it (0x8100 for a tagged frame); for
   * Linux cooked captures the protocol field, for Cisco HDLC the protocol field; -1 for IEEE 802.3
   * length frames and links without an EtherType.
   */
  public int etherType() {
    return etherType;
  }

  /** VLAN identifier of the outer 802.1Q/802.1ad tag, -1 when untagged. */
  public int vlanId() {
    return vlanId;
  }

  /** Number of stacked VLAN tags. */
  public int vlanCount() {
    return vlanCount;
  }

  /** The EtherType after all VLAN tags, -1 when there is none. */
  public int payloadEtherType() {
    return payloadEtherType;
  }

  /** 4 or 6, 0 when no IP header was found. */
  public int ipVersion() {
    return ipVersion;
  }

  /**
   * IPv4: the IHL field in bytes (options included, kept even when below 20); IPv6: 40 plus the
   * extension headers walked before the upper-layer header.
   */
  public int ipHeaderLength() {
    return ipHeaderLength;
  }

  /** IPv4 type of service (DSCP and ECN) byte, IPv6 traffic class. */
  public int ipTos() {
    return ipTos;
  }

  /**
   * IPv4 total length (the length on the wire from the IP header on when the field is 0, as TSO and
   * BIG TCP captures have it); IPv6: 40 plus the payload length (the Jumbo Payload option's value
   * for jumbograms, the length on the wire when the field is 0 without one).
   */
  public int ipTotalLength() {
    return ipTotalLength;
  }

  /** IPv4 identification, IPv6 fragment header identification, -1 otherwise. */
  public long ipIdentification() {
    return ipIdentification;
  }

  /** IPv4 DF flag. */
  public boolean dontFragment() {
    return dontFragment;
  }

  /** IPv4 MF flag, or the M flag of the IPv6 fragment header. */
  public boolean moreFragments() {
    return moreFragments;
  }

  /**
   * Fragment offset in bytes; -1 for IPv6 packets without a fragment header and IPv4 headers cut
   * before the flags.
   */
  public int fragmentOffset() {
    return fragmentOffset;
  }

  /**
   * Whether the packet is a fragment: IPv4 with MF set or a non-zero offset, IPv6 with a fragment
   * header.
   */
  public boolean fragment() {
    return fragment;
  }

  /** IPv4 time to live, IPv6 hop limit. */
  public int ttl() {
    return ttl;
  }

  /**
   * IPv4 protocol; IPv6: the upper-layer protocol after the extension headers (for a non-first
   * fragment the fragment header's next header; when the chain cannot be walked to its end, the
   * last next-header value read). See {@link IpProtocols}.
   */
  public int ipProtocol() {
    return ipProtocol;
  }

  /** The Next Header field of the fixed IPv6 header (possibly an extension header), -1 for IPv4. */
  public int ipv6NextHeader() {
    return ipv6NextHeader;
  }

  /** The IPv6 Payload Length field as carried (0 for jumbograms), -1 for IPv4. */
  public int ipv6PayloadLength() {
    return ipv6PayloadLength;
  }

  /** IPv6 flow label, -1 for IPv4. */
  public int flowLabel() {
    return flowLabel;
  }

  /** TCP or UDP source port. */
  public int sourcePort() {
    return sourcePort;
  }

  /** TCP or UDP destination port. */
  public int destinationPort() {
    return destinationPort;
  }

  /** TCP sequence number as an unsigned 32-bit value. */
  public long tcpSequence() {
    return tcpSequence;
  }

  /** TCP acknowledgment number as an unsigned 32-bit value. */
  public long tcpAcknowledgment() {
    return tcpAcknowledgment;
  }

  /** The 12 bits after the TCP data offset, see {@link TcpFlags}. */
  public int tcpFlags() {
    return tcpFlags;
  }

  /** TCP window field, not scaled. */
  public int tcpWindow() {
    return tcpWindow;
  }

  /** TCP data offset in bytes. */
  public int tcpHeaderLength() {
    return tcpHeaderLength;
  }

  /**
   * Bytes after the TCP or UDP header in this packet as it was on the wire (bounded by the IP
   * length and the frame's original length, not by the captured length); -1 for other protocols,
   * non-first fragments, a TCP data offset below 20 or beyond the segment, and a UDP length below
   * 8.
   */
  public int payloadLength() {
    return payloadLength;
  }

  /**
   * Index in {@link #data()} of the first byte of the TCP or UDP payload; -1 when {@link
   * #payloadLength()} is -1 and after {@link PacketDecoder#decode(int, byte[], int)}, whose holder
   * keeps no payload.
   */
  public int payloadOffset() {
    return payloadOffset;
  }

  /**
   * Bytes of the TCP or UDP payload that were captured: {@link #payloadLength()} bounded by the
   * captured bytes, 0 when there is no payload (or none is kept).
   */
  public int capturedPayloadLength() {
    if (payloadOffset < 0) {
      return 0;
    }
    return Math.max(0, Math.min(payloadLength, end - payloadOffset));
  }

  /**
   * Index in {@link #data()} of the first byte of the IP payload: after the IPv4 header, or after
   * the IPv6 extension headers (for a fragment, after its fragment header); -1 when the IP header
   * was not decoded that far, and on a holder of {@link PacketDecoder#decode(int, byte[], int)}.
   * For a fragment, what follows is the fragment's part of the datagram.
   */
  public int ipPayloadOffset() {
    return ipPayloadOffset;
  }

  /** Bytes of the IP payload on the wire (bounded by the IP length and the frame), -1 without. */
  public int ipPayloadLength() {
    return ipPayloadOffset < 0 ? -1 : Math.max(0, ipPayloadEnd - ipPayloadOffset);
  }

  /** Bytes of the IP payload that were captured, 0 without one. */
  public int capturedIpPayloadLength() {
    return ipPayloadOffset < 0 ? 0 : Math.max(0, Math.min(ipPayloadEnd, end) - ipPayloadOffset);
  }

  /** The array the packet's bytes are read from; see {@link #payloadOffset()}. */
  public byte[] data() {
    return data;
  }

  /** UDP length field. */
  public int udpLength() {
    return udpLength;
  }

  /** ICMP or ICMPv6 type. */
  public int icmpType() {
    return icmpType;
  }

  /** ICMP or ICMPv6 code. */
  public int icmpCode() {
    return icmpCode;
  }

  /** The encapsulation this packet carries, whose inner packet is not decoded. */
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

  /** The IP source address as text (dotted quad or RFC 5952, see {@link Addresses}), or null. */
  public String sourceAddressText() {
    return addressText(sourceAddressOffset);
  }

  /** The IP destination address as text, or null. */
  public String destinationAddressText() {
    return addressText(destinationAddressOffset);
  }

  /**
   * Appends the IP source address as text and returns true, or returns false when the packet has
   * none. Allocates nothing.
   */
  public boolean appendSourceAddress(StringBuilder out) {
    return appendAddress(out, sourceAddressOffset);
  }

  /** Like {@link #appendSourceAddress}, for the IP destination address. */
  public boolean appendDestinationAddress(StringBuilder out) {
    return appendAddress(out, destinationAddressOffset);
  }

  /** The source MAC as {@code aa:bb:cc:dd:ee:ff}, or null. */
  public String ethernetSourceText() {
    return ethernetSource < 0 ? null : Addresses.formatMac(ethernetSource);
  }

  /** The destination MAC as {@code aa:bb:cc:dd:ee:ff}, or null. */
  public String ethernetDestinationText() {
    return ethernetDestination < 0 ? null : Addresses.formatMac(ethernetDestination);
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

  /**
   * Every field, by the name of the column that shows it in {@code packetlake decode}'s output, for
   * test failures and comparing holders.
   */
  @Override
  public String toString() {
    return PacketTsv.describe(this);
  }

  private byte[] address(int offset) {
    return offset < 0 ? null : Arrays.copyOfRange(data, offset, offset + addressLength);
  }

  private String addressText(int offset) {
    if (offset < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(39);
    Addresses.appendIp(out, data, offset, addressLength);
    return out.toString();
  }

  private boolean appendAddress(StringBuilder out, int offset) {
    if (offset < 0) {
      return false;
    }
    Addresses.appendIp(out, data, offset, addressLength);
    return true;
  }
}
