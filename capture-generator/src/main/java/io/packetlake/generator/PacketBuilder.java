package io.packetlake.generator;

import io.packetlake.pcap.decode.IpProtocols;
import java.util.Arrays;

/**
 * Writes one Ethernet frame at a time into a reusable buffer, layer by layer, with index arithmetic
 * and no allocation. A frame is written in this order:
 *
 * <ol>
 *   <li>{@link #ethernet} (optionally with one 802.1Q tag),
 *   <li>one network header: {@link #ipv4}, {@link #ipv4Fragment}, {@link #ipv6} or {@link
 *       #ipv6Fragment},
 *   <li>for unfragmented packets one transport header: {@link #tcp}, {@link #tcpSyn}, {@link #udp}
 *       or {@link #icmpEcho},
 *   <li>the payload, written by the caller into {@link #buffer()} at {@link #payloadOffset()},
 *   <li>{@link #finish}, which fills in every length and checksum and pads the frame to the
 *       Ethernet minimum.
 * </ol>
 *
 * <p>Layouts, offsets in bytes:
 *
 * <pre>
 * Ethernet II (IEEE 802.3 clause 3), with an optional IEEE 802.1Q tag
 *  0               6               12        14        16        18
 *  +---------------+---------------+---------+---------+---------+
 *  | destination   | source        | type    |                      untagged
 *  | destination   | source        | 0x8100  | PCP|DEI|VID | type |  tagged
 *
 * IPv4 (RFC 791), no options
 *  0       1       2               4               6               8
 *  +-------+-------+---------------+---------------+---------------+
 *  |ver|ihl| tos   | total length  | identification|flags|frag off |
 *  | ttl   | proto | checksum      | source address                |
 *  | destination address           |
 *
 * IPv6 (RFC 8200) and its Fragment header
 *  0               4               6       7       8              24              40
 *  +---------------+---------------+-------+-------+---------------+---------------+
 *  |ver|class|flow | payload length| next  | hops  | source        | destination   |
 *  fragment header:  | next | 0 | offset(13 bits)|0|0|M | identification (32 bits) |
 *
 * TCP (RFC 9293)
 *  0       2       4               8               12      13      14      16      18      20
 *  +-------+-------+---------------+---------------+-------+-------+-------+-------+-------+
 *  | sport | dport | sequence      | acknowledgment| off<<4| flags | window| cksum | urgent| options
 *
 * UDP (RFC 768)                      ICMP / ICMPv6 echo (RFC 792, RFC 4443)
 *  0       2       4       6       8   0      1      2        4            6          8
 *  | sport | dport | length| cksum |    | type | code | cksum  | identifier | sequence |
 * </pre>
 *
 * <p>TCP and UDP checksums cover the pseudo-header of RFC 9293 section 3.1 (IPv4) or RFC 8200
 * section 8.1 (IPv6); the ICMPv6 checksum covers the IPv6 pseudo-header too, the ICMPv4 checksum
 * only the ICMP message. Frames shorter than 60 bytes (64 on the wire with the FCS, which is not
 * captured) are padded with zeros after the IP packet, as a NIC does. Not thread-safe.
 */
public final class PacketBuilder {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int ETHERTYPE_VLAN = 0x8100;

  /** Shortest frame a NIC puts on the wire, without the 4-byte FCS that captures leave out. */
  public static final int MINIMUM_FRAME_LENGTH = 60;

  /** Largest frame this builder holds: the largest non-jumbo IPv6 packet behind a tagged header. */
  public static final int MAXIMUM_FRAME_LENGTH = 18 + 40 + 65_535;

  static final int IPV4_HEADER_LENGTH = 20;
  static final int IPV6_HEADER_LENGTH = 40;
  static final int IPV6_FRAGMENT_HEADER_LENGTH = 8;
  static final int TCP_HEADER_LENGTH = 20;
  static final int UDP_HEADER_LENGTH = 8;
  static final int ICMP_ECHO_HEADER_LENGTH = 8;

  private static final int NO_TRANSPORT = -1;

  private final byte[] frame = new byte[MAXIMUM_FRAME_LENGTH];
  private int networkOffset;
  private int networkVersion;
  private int transportOffset = NO_TRANSPORT;
  private int transportProtocol = NO_TRANSPORT;
  private int payloadOffset;

  /** The frame being built; valid up to the length {@link #finish} returns. */
  public byte[] buffer() {
    return frame;
  }

  /** Where the payload starts: after the last header written. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /**
   * Starts a frame with an Ethernet II header, tagged with {@code vlanId} when it is not 0.
   *
   * @param destinationMac the 48-bit destination address in the low bits
   * @param sourceMac the 48-bit source address in the low bits
   * @param vlanId 0 for an untagged frame, else the 12-bit VLAN identifier (priority 0)
   * @param etherType the EtherType of the network header that follows
   * @return the offset of the network header
   */
  public int ethernet(long destinationMac, long sourceMac, int vlanId, int etherType) {
    if (vlanId < 0 || vlanId > 4094) {
      throw new IllegalArgumentException("Cannot tag frame: VLAN id " + vlanId + " out of range");
    }
    putMac(0, destinationMac);
    putMac(6, sourceMac);
    int offset = 12;
    if (vlanId != 0) {
      putShort(offset, ETHERTYPE_VLAN);
      putShort(offset + 2, vlanId);
      offset += 4;
    }
    putShort(offset, etherType);
    networkOffset = offset + 2;
    networkVersion = 0;
    transportOffset = NO_TRANSPORT;
    transportProtocol = NO_TRANSPORT;
    payloadOffset = networkOffset;
    return networkOffset;
  }

  /** Writes an unfragmented IPv4 header; lengths and checksum are filled in by {@link #finish}. */
  public void ipv4(
      int source,
      int destination,
      int protocol,
      int timeToLive,
      int identification,
      int typeOfService,
      boolean dontFragment) {
    writeIpv4(
        source,
        destination,
        protocol,
        timeToLive,
        identification,
        typeOfService,
        dontFragment ? 0x4000 : 0);
    transportOffset = payloadOffset;
  }

  /**
   * Writes the IPv4 header of one fragment. The payload is a slice of the original datagram that
   * the caller copies; {@link #finish} does not touch it.
   *
   * @param fragmentOffset offset of the slice in the original datagram, a multiple of 8
   */
  public void ipv4Fragment(
      int source,
      int destination,
      int protocol,
      int timeToLive,
      int identification,
      int typeOfService,
      int fragmentOffset,
      boolean moreFragments) {
    checkFragmentOffset(fragmentOffset);
    writeIpv4(
        source,
        destination,
        protocol,
        timeToLive,
        identification,
        typeOfService,
        (moreFragments ? 0x2000 : 0) | (fragmentOffset >>> 3));
  }

  private void writeIpv4(
      int source,
      int destination,
      int protocol,
      int timeToLive,
      int identification,
      int typeOfService,
      int flagsAndOffset) {
    int at = networkOffset;
    frame[at] = 0x45;
    frame[at + 1] = (byte) typeOfService;
    putShort(at + 2, 0);
    putShort(at + 4, identification);
    putShort(at + 6, flagsAndOffset);
    frame[at + 8] = (byte) timeToLive;
    frame[at + 9] = (byte) protocol;
    putShort(at + 10, 0);
    putInt(at + 12, source);
    putInt(at + 16, destination);
    networkVersion = 4;
    transportOffset = NO_TRANSPORT;
    transportProtocol = NO_TRANSPORT;
    payloadOffset = at + IPV4_HEADER_LENGTH;
  }

  /** Writes an IPv6 header without extension headers; its payload length is set by finish. */
  public void ipv6(
      long sourceHigh,
      long sourceLow,
      long destinationHigh,
      long destinationLow,
      int nextHeader,
      int hopLimit,
      int trafficClass,
      int flowLabel) {
    writeIpv6(
        sourceHigh,
        sourceLow,
        destinationHigh,
        destinationLow,
        nextHeader,
        hopLimit,
        trafficClass,
        flowLabel);
    transportOffset = payloadOffset;
  }

  /**
   * Writes an IPv6 header followed by a Fragment header for one fragment of a packet whose
   * unfragmentable part is the IPv6 header alone. The slice is copied by the caller.
   *
   * @param nextHeader the protocol of the fragmented packet (e.g. 17 for UDP)
   * @param fragmentOffset offset of the slice in the fragmentable part, a multiple of 8
   */
  public void ipv6Fragment(
      long sourceHigh,
      long sourceLow,
      long destinationHigh,
      long destinationLow,
      int nextHeader,
      int hopLimit,
      int trafficClass,
      int flowLabel,
      int fragmentOffset,
      boolean moreFragments,
      int identification) {
    checkFragmentOffset(fragmentOffset);
    writeIpv6(
        sourceHigh,
        sourceLow,
        destinationHigh,
        destinationLow,
        IpProtocols.FRAGMENT,
        hopLimit,
        trafficClass,
        flowLabel);
    int at = payloadOffset;
    frame[at] = (byte) nextHeader;
    frame[at + 1] = 0;
    putShort(at + 2, fragmentOffset | (moreFragments ? 1 : 0));
    putInt(at + 4, identification);
    payloadOffset = at + IPV6_FRAGMENT_HEADER_LENGTH;
  }

  private void writeIpv6(
      long sourceHigh,
      long sourceLow,
      long destinationHigh,
      long destinationLow,
      int nextHeader,
      int hopLimit,
      int trafficClass,
      int flowLabel) {
    int at = networkOffset;
    putInt(at, (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF));
    putShort(at + 4, 0);
    frame[at + 6] = (byte) nextHeader;
    frame[at + 7] = (byte) hopLimit;
    putLong(at + 8, sourceHigh);
    putLong(at + 16, sourceLow);
    putLong(at + 24, destinationHigh);
    putLong(at + 32, destinationLow);
    networkVersion = 6;
    transportOffset = NO_TRANSPORT;
    transportProtocol = NO_TRANSPORT;
    payloadOffset = at + IPV6_HEADER_LENGTH;
  }

  /** Writes a TCP header without options. */
  public void tcp(
      int sourcePort,
      int destinationPort,
      int sequence,
      int acknowledgment,
      int flags,
      int window) {
    writeTcp(sourcePort, destinationPort, sequence, acknowledgment, flags, window, 0);
  }

  /**
   * Writes a TCP header with the options of a handshake segment: MSS, then (when {@code
   * windowScale} is not negative) NOP, window scale, NOP, NOP, SACK permitted, the order Windows
   * and many servers send them in. A negative {@code windowScale} leaves MSS alone, as scanners and
   * small stacks do.
   */
  public void tcpSyn(
      int sourcePort,
      int destinationPort,
      int sequence,
      int acknowledgment,
      int flags,
      int window,
      int maximumSegmentSize,
      int windowScale) {
    int optionsLength = windowScale < 0 ? 4 : 12;
    writeTcp(sourcePort, destinationPort, sequence, acknowledgment, flags, window, optionsLength);
    int at = transportOffset + TCP_HEADER_LENGTH;
    frame[at] = 2;
    frame[at + 1] = 4;
    putShort(at + 2, maximumSegmentSize);
    if (windowScale >= 0) {
      frame[at + 4] = 1;
      frame[at + 5] = 3;
      frame[at + 6] = 3;
      frame[at + 7] = (byte) windowScale;
      frame[at + 8] = 1;
      frame[at + 9] = 1;
      frame[at + 10] = 4;
      frame[at + 11] = 2;
    }
  }

  private void writeTcp(
      int sourcePort,
      int destinationPort,
      int sequence,
      int acknowledgment,
      int flags,
      int window,
      int optionsLength) {
    requireNetwork(IpProtocols.TCP);
    int at = transportOffset;
    putShort(at, sourcePort);
    putShort(at + 2, destinationPort);
    putInt(at + 4, sequence);
    putInt(at + 8, acknowledgment);
    frame[at + 12] = (byte) (((TCP_HEADER_LENGTH + optionsLength) / 4) << 4);
    frame[at + 13] = (byte) flags;
    putShort(at + 14, window);
    putShort(at + 16, 0);
    putShort(at + 18, 0);
    transportProtocol = IpProtocols.TCP;
    payloadOffset = at + TCP_HEADER_LENGTH + optionsLength;
  }

  /** Writes a UDP header; its length and checksum are set by {@link #finish}. */
  public void udp(int sourcePort, int destinationPort) {
    requireNetwork(IpProtocols.UDP);
    int at = transportOffset;
    putShort(at, sourcePort);
    putShort(at + 2, destinationPort);
    putShort(at + 4, 0);
    putShort(at + 6, 0);
    transportProtocol = IpProtocols.UDP;
    payloadOffset = at + UDP_HEADER_LENGTH;
  }

  /**
   * Writes an echo request or reply: ICMP types 8 and 0 over IPv4, ICMPv6 types 128 and 129 over
   * IPv6.
   */
  public void icmpEcho(boolean reply, int identifier, int sequence) {
    int protocol = networkVersion == 6 ? IpProtocols.ICMPV6 : IpProtocols.ICMP;
    requireNetwork(protocol);
    int at = transportOffset;
    if (networkVersion == 6) {
      frame[at] = (byte) (reply ? 129 : 128);
    } else {
      frame[at] = (byte) (reply ? 0 : 8);
    }
    frame[at + 1] = 0;
    putShort(at + 2, 0);
    putShort(at + 4, identifier);
    putShort(at + 6, sequence);
    transportProtocol = protocol;
    payloadOffset = at + ICMP_ECHO_HEADER_LENGTH;
  }

  /**
   * Completes the frame whose payload of {@code payloadLength} bytes is in place: sets the IP and
   * UDP lengths, computes the checksums and pads to {@link #MINIMUM_FRAME_LENGTH}.
   *
   * @return the frame length
   */
  public int finish(int payloadLength) {
    if (networkVersion == 0) {
      throw new IllegalStateException("Cannot finish frame: no network header written");
    }
    int end = payloadOffset + payloadLength;
    if (payloadLength < 0 || end > frame.length) {
      throw new IllegalArgumentException(
          "Cannot finish frame: payload length " + payloadLength + " does not fit");
    }
    if (transportProtocol != NO_TRANSPORT) {
      finishTransport(end);
    }
    if (networkVersion == 4) {
      int totalLength = end - networkOffset;
      if (totalLength > 0xFFFF) {
        throw new IllegalArgumentException(
            "Cannot finish frame: IPv4 total length " + totalLength + " exceeds 65535");
      }
      putShort(networkOffset + 2, totalLength);
      putShort(
          networkOffset + 10,
          InternetChecksum.finish(InternetChecksum.sum(frame, networkOffset, IPV4_HEADER_LENGTH)));
    } else {
      int payload = end - networkOffset - IPV6_HEADER_LENGTH;
      if (payload > 0xFFFF) {
        throw new IllegalArgumentException(
            "Cannot finish frame: IPv6 payload length " + payload + " exceeds 65535");
      }
      putShort(networkOffset + 4, payload);
    }
    if (end < MINIMUM_FRAME_LENGTH) {
      Arrays.fill(frame, end, MINIMUM_FRAME_LENGTH, (byte) 0);
      return MINIMUM_FRAME_LENGTH;
    }
    return end;
  }

  private void finishTransport(int end) {
    int length = end - transportOffset;
    int checksumAt;
    long sum;
    switch (transportProtocol) {
      case IpProtocols.TCP -> {
        checksumAt = transportOffset + 16;
        sum = pseudoHeaderSum(IpProtocols.TCP, length);
      }
      case IpProtocols.UDP -> {
        putShort(transportOffset + 4, length);
        checksumAt = transportOffset + 6;
        sum = pseudoHeaderSum(IpProtocols.UDP, length);
      }
      case IpProtocols.ICMPV6 -> {
        checksumAt = transportOffset + 2;
        sum = pseudoHeaderSum(IpProtocols.ICMPV6, length);
      }
      default -> {
        checksumAt = transportOffset + 2;
        sum = 0;
      }
    }
    putShort(checksumAt, 0);
    sum += InternetChecksum.sum(frame, transportOffset, length);
    int checksum = InternetChecksum.finish(sum);
    if (checksum == 0 && transportProtocol == IpProtocols.UDP) {
      // Zero means "no checksum" in UDP; a computed zero is sent as all ones (RFC 768).
      checksum = 0xFFFF;
    }
    putShort(checksumAt, checksum);
  }

  private long pseudoHeaderSum(int protocol, int length) {
    if (networkVersion == 4) {
      return InternetChecksum.sum(frame, networkOffset + 12, 8) + protocol + length;
    }
    return InternetChecksum.sum(frame, networkOffset + 8, 32) + protocol + length;
  }

  private void requireNetwork(int protocol) {
    if (transportOffset == NO_TRANSPORT || transportProtocol != NO_TRANSPORT) {
      throw new IllegalStateException(
          "Cannot write transport header for protocol "
              + protocol
              + ": no unfragmented IP header, or a transport header was already written");
    }
  }

  private static void checkFragmentOffset(int fragmentOffset) {
    if (fragmentOffset < 0 || fragmentOffset > 0xFFF8 || (fragmentOffset & 7) != 0) {
      throw new IllegalArgumentException(
          "Cannot write fragment: offset "
              + fragmentOffset
              + " is not a multiple of 8 below 65536");
    }
  }

  private void putMac(int at, long mac) {
    putShort(at, (int) (mac >>> 32));
    putInt(at + 2, (int) mac);
  }

  private void putShort(int at, int value) {
    frame[at] = (byte) (value >>> 8);
    frame[at + 1] = (byte) value;
  }

  private void putInt(int at, int value) {
    frame[at] = (byte) (value >>> 24);
    frame[at + 1] = (byte) (value >>> 16);
    frame[at + 2] = (byte) (value >>> 8);
    frame[at + 3] = (byte) value;
  }

  private void putLong(int at, long value) {
    putInt(at, (int) (value >>> 32));
    putInt(at + 4, (int) value);
  }
}
