package io.packetlake.generator;

import java.util.Arrays;

/**
 * An Ethernet frame taken apart by the tests, independently of {@link PacketBuilder}: just the
 * fields the generator tests look at, read with plain offsets. Only the layouts the generator
 * writes are understood (at most one VLAN tag, IPv4 without options, IPv6 with at most a Fragment
 * header).
 */
record ParsedFrame(
    byte[] frame,
    long timestampNanos,
    int vlanId,
    int etherType,
    int ipOffset,
    int ipVersion,
    int ipLength,
    int protocol,
    byte[] source,
    byte[] destination,
    long identification,
    boolean moreFragments,
    int fragmentOffset,
    boolean fragment,
    int transportOffset,
    int transportLength,
    int sourcePort,
    int destinationPort,
    long sequence,
    long acknowledgment,
    int tcpFlags,
    int payloadLength,
    int icmpType) {

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;

  static ParsedFrame parse(long timestampNanos, byte[] frame) {
    int at = 12;
    int vlanId = -1;
    int etherType = u16(frame, at);
    if (etherType == 0x8100) {
      vlanId = u16(frame, at + 2) & 0x0FFF;
      at += 4;
      etherType = u16(frame, at);
    }
    int ipOffset = at + 2;
    int ipVersion = (frame[ipOffset] & 0xFF) >>> 4;
    int ipLength;
    int protocol;
    byte[] source;
    byte[] destination;
    long identification = -1;
    boolean moreFragments = false;
    int fragmentOffset = 0;
    boolean fragment = false;
    int transportOffset;
    if (ipVersion == 4) {
      int headerLength = (frame[ipOffset] & 0x0F) * 4;
      ipLength = u16(frame, ipOffset + 2);
      identification = u16(frame, ipOffset + 4);
      int flags = u16(frame, ipOffset + 6);
      moreFragments = (flags & 0x2000) != 0;
      fragmentOffset = (flags & 0x1FFF) * 8;
      fragment = moreFragments || fragmentOffset > 0;
      protocol = frame[ipOffset + 9] & 0xFF;
      source = Arrays.copyOfRange(frame, ipOffset + 12, ipOffset + 16);
      destination = Arrays.copyOfRange(frame, ipOffset + 16, ipOffset + 20);
      transportOffset = ipOffset + headerLength;
    } else {
      ipLength = 40 + u16(frame, ipOffset + 4);
      protocol = frame[ipOffset + 6] & 0xFF;
      source = Arrays.copyOfRange(frame, ipOffset + 8, ipOffset + 24);
      destination = Arrays.copyOfRange(frame, ipOffset + 24, ipOffset + 40);
      transportOffset = ipOffset + 40;
      if (protocol == 44) {
        protocol = frame[transportOffset] & 0xFF;
        int offsetAndFlags = u16(frame, transportOffset + 2);
        fragmentOffset = offsetAndFlags & 0xFFF8;
        moreFragments = (offsetAndFlags & 1) != 0;
        identification = u32(frame, transportOffset + 4);
        fragment = true;
        transportOffset += 8;
      }
    }
    int transportLength = ipOffset + ipLength - transportOffset;
    int sourcePort = -1;
    int destinationPort = -1;
    long sequence = -1;
    long acknowledgment = -1;
    int tcpFlags = -1;
    int payloadLength = -1;
    int icmpType = -1;
    if (!fragment || fragmentOffset == 0) {
      switch (protocol) {
        case 6 -> {
          sourcePort = u16(frame, transportOffset);
          destinationPort = u16(frame, transportOffset + 2);
          sequence = u32(frame, transportOffset + 4);
          acknowledgment = u32(frame, transportOffset + 8);
          tcpFlags = frame[transportOffset + 13] & 0xFF;
          payloadLength = transportLength - ((frame[transportOffset + 12] & 0xFF) >>> 4) * 4;
        }
        case 17 -> {
          sourcePort = u16(frame, transportOffset);
          destinationPort = u16(frame, transportOffset + 2);
          payloadLength = u16(frame, transportOffset + 4) - 8;
        }
        case 1, 58 -> icmpType = frame[transportOffset] & 0xFF;
        default -> {}
      }
    }
    return new ParsedFrame(
        frame,
        timestampNanos,
        vlanId,
        etherType,
        ipOffset,
        ipVersion,
        ipLength,
        protocol,
        source,
        destination,
        identification,
        moreFragments,
        fragmentOffset,
        fragment,
        transportOffset,
        transportLength,
        sourcePort,
        destinationPort,
        sequence,
        acknowledgment,
        tcpFlags,
        payloadLength,
        icmpType);
  }

  boolean isTcp() {
    return protocol == 6 && tcpFlags >= 0;
  }

  boolean hasFlags(int flags) {
    return isTcp() && (tcpFlags & flags) == flags;
  }

  /** Source and destination as text, e.g. {@code 10.0.1.7 -> 93.1.2.3}. */
  String sourceText() {
    return addressText(source);
  }

  String destinationText() {
    return addressText(destination);
  }

  static String addressText(byte[] address) {
    try {
      return java.net.InetAddress.getByAddress(address).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static int u16(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
  }

  static long u32(byte[] bytes, int at) {
    return ((long) u16(bytes, at) << 16) | u16(bytes, at + 2);
  }
}
