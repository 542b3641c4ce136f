package io.packetlake.pcap.decode;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * Text forms of link-layer and IP addresses, written without {@link java.net.InetAddress} (which
 * neither follows RFC 5952 nor avoids allocation) and without {@link String#format}.
 *
 * <ul>
 *   <li>MAC: six lowercase hex pairs separated by colons, {@code 00:1b:21:3c:4d:5e}.
 *   <li>IPv4: dotted decimal, {@code 192.0.2.1}.
 *   <li>IPv6: RFC 5952 section 4: lowercase hex groups without leading zeros; the longest run of
 *       two or more zero groups (the first one on a tie) becomes {@code ::}. IPv4-mapped ({@code
 *       ::ffff:0:0/96}) and IPv4-compatible ({@code ::/96}, when more than {@code ::1} style)
 *       addresses end in dotted decimal as section 5 recommends, which is also how tshark prints
 *       them.
 * </ul>
 */
public final class Addresses {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Addresses() {}

  /** Formats a MAC held in the low 48 bits of {@code mac}. */
  public static String formatMac(long mac) {
    StringBuilder out = new StringBuilder(17);
    appendMac(out, mac);
    return out.toString();
  }

  /** Appends a MAC held in the low 48 bits of {@code mac}. */
  public static void appendMac(StringBuilder out, long mac) {
    for (int shift = 40; shift >= 0; shift -= 8) {
      int octet = (int) (mac >>> shift) & 0xFF;
      out.append(HEX[octet >>> 4]).append(HEX[octet & 0x0F]);
      if (shift > 0) {
        out.append(':');
      }
    }
  }

  /** Formats a 4-byte IPv4 or 16-byte IPv6 address. */
  public static String formatIp(byte[] address) {
    StringBuilder out = new StringBuilder(39);
    appendIp(out, address);
    return out.toString();
  }

  /**
   * Appends a 4-byte IPv4 or 16-byte IPv6 address.
   *
   * @throws IllegalArgumentException when the address is neither 4 nor 16 bytes long
   */
  public static void appendIp(StringBuilder out, byte[] address) {
    requireNonNull(address, "address is null");
    appendIp(out, address, 0, address.length);
  }

  /**
   * Appends the 4-byte IPv4 or 16-byte IPv6 address held in {@code data[offset, offset + length)},
   * without copying it.
   *
   * @throws IllegalArgumentException when {@code length} is neither 4 nor 16
   * @throws IndexOutOfBoundsException when the range is not within {@code data}
   */
  public static void appendIp(StringBuilder out, byte[] data, int offset, int length) {
    requireNonNull(data, "data is null");
    if (length != 4 && length != 16) {
      throw new IllegalArgumentException(
          "Cannot format IP address: length is " + length + ", not 4 or 16");
    }
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length == 4) {
      appendIpv4(out, data, offset);
    } else {
      appendIpv6(out, data, offset);
    }
  }

  private static void appendIpv4(StringBuilder out, byte[] address, int offset) {
    out.append(address[offset] & 0xFF)
        .append('.')
        .append(address[offset + 1] & 0xFF)
        .append('.')
        .append(address[offset + 2] & 0xFF)
        .append('.')
        .append(address[offset + 3] & 0xFF);
  }

  private static void appendIpv6(StringBuilder out, byte[] address, int offset) {
    int[] groups = new int[8];
    for (int group = 0; group < 8; group++) {
      groups[group] =
          ((address[offset + 2 * group] & 0xFF) << 8) | (address[offset + 2 * group + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 0;
    int runStart = -1;
    for (int group = 0; group < 8; group++) {
      if (groups[group] == 0) {
        if (runStart < 0) {
          runStart = group;
        }
        int runLength = group - runStart + 1;
        if (runLength > bestLength) {
          bestStart = runStart;
          bestLength = runLength;
        }
      } else {
        runStart = -1;
      }
    }
    if (bestLength < 2) {
      bestStart = -1;
      bestLength = 0;
    }
    boolean embeddedIpv4 =
        bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF));
    int hexGroups = embeddedIpv4 ? 6 : 8;
    for (int group = 0; group < hexGroups; group++) {
      if (group == bestStart) {
        out.append("::");
        group += bestLength - 1;
        continue;
      }
      if (group > 0 && group != bestStart + bestLength) {
        out.append(':');
      }
      appendHexGroup(out, groups[group]);
    }
    if (embeddedIpv4) {
      if (bestLength == 5) {
        out.append(':');
      }
      appendIpv4(out, address, offset + 12);
    }
  }

  private static void appendHexGroup(StringBuilder out, int value) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (value >>> shift) & 0x0F;
      if (digit != 0 || started || shift == 0) {
        out.append(HEX[digit]);
        started = true;
      }
    }
  }
}
