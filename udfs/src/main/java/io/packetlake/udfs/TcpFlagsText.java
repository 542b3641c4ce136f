package io.packetlake.udfs;

import io.packetlake.pcap.decode.TcpFlags;

/**
 * TCP flag bits (as in the {@code tcp_flags} column, tshark's {@code tcp.flags}) as letters, one
 * per set flag, in bit order from the lowest: {@code F} FIN 0x01, {@code S} SYN 0x02, {@code R} RST
 * 0x04, {@code P} PSH 0x08, {@code A} ACK 0x10, {@code U} URG 0x20, {@code E} ECE 0x40, {@code W}
 * CWR 0x80, {@code N} NS 0x100 (accurate ECN). A SYN-ACK is {@code SA}, a FIN with data {@code
 * FPA}.
 *
 * <p>The letters are the lake's ({@link TcpFlags#letters}). A fixed order, rather than tcpdump's,
 * makes the text usable as a group-by key: the same bits always give the same string. No flags at
 * all gives the empty string; the reserved bits 0x200-0x800 have no letter and are left out.
 */
public final class TcpFlagsText {

  private TcpFlagsText() {}

  /** The letters of the flags, or null when the value is negative or wider than 12 bits. */
  public static String toText(long flags) {
    if (flags < 0 || flags > TcpFlags.ALL) {
      return null;
    }
    return TcpFlags.letters((int) flags);
  }
}
