package io.packetlake.pcap.decode;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The layer 2 to 4 header fields of one packet, as decoded by {@link PacketDecoder}.
 *
 * <p>Absent values use sentinels rather than boxed types: {@code -1} for numbers (a field that the
 * packet does not have, or whose bytes were not captured), {@code 0} for {@code ipVersion} and
 * {@code vlanCount}, {@code false} for flags and {@code null} for addresses. Lengths are in bytes.
 * Where a field has an equivalent in tshark, the value is the one tshark shows for the outermost
 * header (its {@code -E occurrence=f}), except where noted.
 *
 * @param status how far decoding got; see {@link DecodeStatus}
 * @param linkType the LINKTYPE_* the packet was decoded as
 * @param ethernetDestination destination MAC as a 48-bit number, -1 when the link has none
 * @param ethernetSource source MAC as a 48-bit number, -1 when the link has none; for Linux cooked
 *     captures of Ethernet devices, the link-layer address in the cooked header
 * @param etherType the outer EtherType as tshark's {@code eth.type} shows it (0x8100 for a tagged
 *     frame); for Linux cooked captures the protocol field, for Cisco HDLC the protocol field; -1
 *     for IEEE 802.3 length frames and links without an EtherType
 * @param vlanId VLAN identifier of the outer 802.1Q/802.1ad tag, -1 when untagged
 * @param vlanCount number of stacked VLAN tags
 * @param payloadEtherType the EtherType after all VLAN tags, -1 when there is none
 * @param ipVersion 4 or 6, 0 when no IP header was found
 * @param ipHeaderLength IPv4: the IHL field in bytes (options included, kept even when below 20);
 *     IPv6: 40 plus the extension headers walked before the upper-layer header
 * @param ipTos IPv4 type of service (DSCP and ECN) byte, IPv6 traffic class
 * @param ipTotalLength IPv4 total length (the length on the wire from the IP header on when the
 *     field is 0, as TSO and BIG TCP captures have it); IPv6: 40 plus the payload length (the Jumbo
 *     Payload option's value for jumbograms, the length on the wire when the field is 0 without
 *     one)
 * @param ipIdentification IPv4 identification, IPv6 fragment header identification, -1 otherwise
 * @param dontFragment IPv4 DF flag
 * @param moreFragments IPv4 MF flag, or the M flag of the IPv6 fragment header
 * @param fragmentOffset fragment offset in bytes; -1 for IPv6 packets without a fragment header
 * @param fragment whether the packet is a fragment: IPv4 with MF set or a non-zero offset, IPv6
 *     with a fragment header
 * @param ttl IPv4 time to live, IPv6 hop limit
 * @param ipProtocol IPv4 protocol; IPv6: the upper-layer protocol after the extension headers (for
 *     a non-first fragment the fragment header's next header; when the chain cannot be walked to
 *     its end, the last next-header value read)
 * @param ipv6NextHeader the Next Header field of the fixed IPv6 header (possibly an extension
 *     header), -1 for IPv4
 * @param ipv6PayloadLength the IPv6 Payload Length field as carried (0 for jumbograms), -1 for IPv4
 * @param flowLabel IPv6 flow label, -1 for IPv4
 * @param sourceAddress IP source address, 4 or 16 bytes, null when absent
 * @param destinationAddress IP destination address, 4 or 16 bytes, null when absent
 * @param sourcePort TCP or UDP source port
 * @param destinationPort TCP or UDP destination port
 * @param tcpSequence TCP sequence number as an unsigned 32-bit value
 * @param tcpAcknowledgment TCP acknowledgment number as an unsigned 32-bit value
 * @param tcpFlags the 12 bits after the TCP data offset, see {@link TcpFlags}
 * @param tcpWindow TCP window field, not scaled
 * @param tcpHeaderLength TCP data offset in bytes
 * @param payloadLength bytes after the TCP or UDP header in this packet as it was on the wire
 *     (bounded by the IP length and the frame's original length, not by the captured length); -1
 *     for other protocols, non-first fragments, a TCP data offset below 20 or beyond the segment,
 *     and a UDP length below 8
 * @param udpLength UDP length field
 * @param icmpType ICMP or ICMPv6 type
 * @param icmpCode ICMP or ICMPv6 code
 * @param tunnel the encapsulation this packet carries, whose inner packet is not decoded
 */
public record PacketHeaders(
    DecodeStatus status,
    int linkType,
    long ethernetDestination,
    long ethernetSource,
    int etherType,
    int vlanId,
    int vlanCount,
    int payloadEtherType,
    int ipVersion,
    int ipHeaderLength,
    int ipTos,
    int ipTotalLength,
    long ipIdentification,
    boolean dontFragment,
    boolean moreFragments,
    int fragmentOffset,
    boolean fragment,
    int ttl,
    int ipProtocol,
    int ipv6NextHeader,
    int ipv6PayloadLength,
    int flowLabel,
    byte[] sourceAddress,
    byte[] destinationAddress,
    int sourcePort,
    int destinationPort,
    long tcpSequence,
    long tcpAcknowledgment,
    int tcpFlags,
    int tcpWindow,
    int tcpHeaderLength,
    int payloadLength,
    int udpLength,
    int icmpType,
    int icmpCode,
    Tunnel tunnel) {

  /** The value of an absent numeric field. */
  public static final int ABSENT = -1;

  public PacketHeaders {
    requireNonNull(status, "status is null");
    requireNonNull(tunnel, "tunnel is null");
    sourceAddress = copyAddress(sourceAddress, "sourceAddress");
    destinationAddress = copyAddress(destinationAddress, "destinationAddress");
  }

  private static byte[] copyAddress(byte[] address, String name) {
    if (address == null) {
      return null;
    }
    if (address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create packet headers: %s is %s bytes, not 4 or 16", name, address.length));
    }
    return address.clone();
  }

  /** A copy of the IP source address (4 or 16 bytes), or null. */
  @Override
  public byte[] sourceAddress() {
    return sourceAddress == null ? null : sourceAddress.clone();
  }

  /** A copy of the IP destination address (4 or 16 bytes), or null. */
  @Override
  public byte[] destinationAddress() {
    return destinationAddress == null ? null : destinationAddress.clone();
  }

  /** Whether an IPv4 or IPv6 header was found. */
  public boolean hasIp() {
    return ipVersion != 0;
  }

  /** The IP source address as text (dotted quad or RFC 5952), or null. */
  public String sourceAddressText() {
    return sourceAddress == null ? null : Addresses.formatIp(sourceAddress);
  }

  /** The IP destination address as text (dotted quad or RFC 5952), or null. */
  public String destinationAddressText() {
    return destinationAddress == null ? null : Addresses.formatIp(destinationAddress);
  }

  /** The source MAC as {@code aa:bb:cc:dd:ee:ff}, or null. */
  public String ethernetSourceText() {
    return ethernetSource < 0 ? null : Addresses.formatMac(ethernetSource);
  }

  /** The destination MAC as {@code aa:bb:cc:dd:ee:ff}, or null. */
  public String ethernetDestinationText() {
    return ethernetDestination < 0 ? null : Addresses.formatMac(ethernetDestination);
  }

  /** Appends the IP source address as text, or nothing when absent. */
  public void appendSourceAddress(StringBuilder out) {
    if (sourceAddress != null) {
      Addresses.appendIp(out, sourceAddress);
    }
  }

  /** Appends the IP destination address as text, or nothing when absent. */
  public void appendDestinationAddress(StringBuilder out) {
    if (destinationAddress != null) {
      Addresses.appendIp(out, destinationAddress);
    }
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof PacketHeaders that)) {
      return false;
    }
    return status == that.status
        && linkType == that.linkType
        && ethernetDestination == that.ethernetDestination
        && ethernetSource == that.ethernetSource
        && etherType == that.etherType
        && vlanId == that.vlanId
        && vlanCount == that.vlanCount
        && payloadEtherType == that.payloadEtherType
        && ipVersion == that.ipVersion
        && ipHeaderLength == that.ipHeaderLength
        && ipTos == that.ipTos
        && ipTotalLength == that.ipTotalLength
        && ipIdentification == that.ipIdentification
        && dontFragment == that.dontFragment
        && moreFragments == that.moreFragments
        && fragmentOffset == that.fragmentOffset
        && fragment == that.fragment
        && ttl == that.ttl
        && ipProtocol == that.ipProtocol
        && ipv6NextHeader == that.ipv6NextHeader
        && ipv6PayloadLength == that.ipv6PayloadLength
        && flowLabel == that.flowLabel
        && Arrays.equals(sourceAddress, that.sourceAddress)
        && Arrays.equals(destinationAddress, that.destinationAddress)
        && sourcePort == that.sourcePort
        && destinationPort == that.destinationPort
        && tcpSequence == that.tcpSequence
        && tcpAcknowledgment == that.tcpAcknowledgment
        && tcpFlags == that.tcpFlags
        && tcpWindow == that.tcpWindow
        && tcpHeaderLength == that.tcpHeaderLength
        && payloadLength == that.payloadLength
        && udpLength == that.udpLength
        && icmpType == that.icmpType
        && icmpCode == that.icmpCode
        && tunnel == that.tunnel;
  }

  @Override
  public int hashCode() {
    int result = status.hashCode();
    result = 31 * result + linkType;
    result = 31 * result + Long.hashCode(ethernetSource);
    result = 31 * result + Long.hashCode(ethernetDestination);
    result = 31 * result + payloadEtherType;
    result = 31 * result + ipProtocol;
    result = 31 * result + Arrays.hashCode(sourceAddress);
    result = 31 * result + Arrays.hashCode(destinationAddress);
    result = 31 * result + sourcePort;
    result = 31 * result + destinationPort;
    result = 31 * result + Long.hashCode(tcpSequence);
    result = 31 * result + Long.hashCode(ipIdentification);
    return result;
  }

  @Override
  public String toString() {
    return "PacketHeaders[status="
        + status
        + ", linkType="
        + linkType
        + ", ethernetDestination="
        + ethernetDestinationText()
        + ", ethernetSource="
        + ethernetSourceText()
        + ", etherType="
        + etherType
        + ", vlanId="
        + vlanId
        + ", vlanCount="
        + vlanCount
        + ", payloadEtherType="
        + payloadEtherType
        + ", ipVersion="
        + ipVersion
        + ", ipHeaderLength="
        + ipHeaderLength
        + ", ipTos="
        + ipTos
        + ", ipTotalLength="
        + ipTotalLength
        + ", ipIdentification="
        + ipIdentification
        + ", dontFragment="
        + dontFragment
        + ", moreFragments="
        + moreFragments
        + ", fragmentOffset="
        + fragmentOffset
        + ", fragment="
        + fragment
        + ", ttl="
        + ttl
        + ", ipProtocol="
        + ipProtocol
        + ", ipv6NextHeader="
        + ipv6NextHeader
        + ", ipv6PayloadLength="
        + ipv6PayloadLength
        + ", flowLabel="
        + flowLabel
        + ", sourceAddress="
        + sourceAddressText()
        + ", destinationAddress="
        + destinationAddressText()
        + ", sourcePort="
        + sourcePort
        + ", destinationPort="
        + destinationPort
        + ", tcpSequence="
        + tcpSequence
        + ", tcpAcknowledgment="
        + tcpAcknowledgment
        + ", tcpFlags="
        + tcpFlags
        + ", tcpWindow="
        + tcpWindow
        + ", tcpHeaderLength="
        + tcpHeaderLength
        + ", payloadLength="
        + payloadLength
        + ", udpLength="
        + udpLength
        + ", icmpType="
        + icmpType
        + ", icmpCode="
        + icmpCode
        + ", tunnel="
        + tunnel
        + "]";
  }
}
