package io.packetlake.udfs;

import io.packetlake.pcap.decode.Addresses;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * IP address text, numbers and network-order bytes, without name resolution: {@link
 * java.net.InetAddress} would look up anything that is not a literal, which a query over millions
 * of rows must never do. Invalid input gives null, never an exception.
 *
 * <p>Accepted text: IPv4 dotted quads with decimal octets (leading zeros are rejected because some
 * tools read them as octal), and IPv6 per RFC 4291 section 2.2 (hex groups, one {@code ::}, an
 * embedded dotted quad at the end). IPv6 zone ids ({@code %eth0}) and brackets are rejected. Text
 * is produced by {@link Addresses}, the form the packets table stores: RFC 5952, with IPv4-mapped
 * and IPv4-compatible addresses ending in a dotted quad ({@code ::ffff:192.0.2.1}, {@code
 * ::192.0.2.1}).
 */
public final class IpAddresses {
  private IpAddresses() {}

  /** The 4 or 16 network-order bytes of an address, or null when the text is not an address. */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
  }

  /** The text the lake stores for 4 or 16 address bytes, or null for any other length. */
  public static String format(byte[] address) {
    if (address == null || (address.length != 4 && address.length != 16)) {
      return null;
    }
    return Addresses.formatIp(address);
  }

  /** The canonical text of an address given as text, so that equal addresses compare equal. */
  public static String normalize(String text) {
    return format(parse(text));
  }

  /** IPv4 text to its unsigned 32-bit value; null for IPv6 and invalid text. */
  public static Long ipv4ToNumber(String text) {
    byte[] address = parse(text);
    if (address == null || address.length != 4) {
      return null;
    }
    return new BigInteger(1, address).longValue();
  }

  /** An unsigned 32-bit value to IPv4 text; null outside 0 to 4294967295. */
  public static String numberToIpv4(long number) {
    if (number < 0 || number > 0xFFFF_FFFFL) {
      return null;
    }
    byte[] address = {
      (byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8), (byte) number
    };
    return Addresses.formatIp(address);
  }

  // Character.digit would also accept non-ASCII digits such as fullwidth ones.
  private static int hexValue(char character) {
    if (character >= '0' && character <= '9') {
      return character - '0';
    }
    if (character >= 'a' && character <= 'f') {
      return character - 'a' + 10;
    }
    if (character >= 'A' && character <= 'F') {
      return character - 'A' + 10;
    }
    return -1;
  }

  private static byte[] parseIpv4(String text) {
    byte[] address = new byte[4];
    return parseIpv4Into(text, 0, text.length(), address, 0) ? address : null;
  }

  private static boolean parseIpv4Into(
      String text, int start, int end, byte[] target, int targetOffset) {
    int octet = 0;
    int position = start;
    while (octet < 4) {
      int digitsStart = position;
      int value = 0;
      while (position < end && position - digitsStart < 4) {
        char character = text.charAt(position);
        if (character < '0' || character > '9') {
          break;
        }
        value = value * 10 + (character - '0');
        position++;
      }
      int digits = position - digitsStart;
      if (digits == 0 || digits > 3 || value > 255) {
        return false;
      }
      if (digits > 1 && text.charAt(digitsStart) == '0') {
        return false;
      }
      target[targetOffset + octet] = (byte) value;
      octet++;
      if (octet < 4) {
        if (position >= end || text.charAt(position) != '.') {
          return false;
        }
        position++;
      }
    }
    return position == end;
  }

  private static byte[] parseIpv6(String text) {
    byte[] address = new byte[16];
    int length = text.length();
    int compressionAt = -1;
    int written = 0;
    int position = 0;
    if (text.startsWith("::")) {
      compressionAt = 0;
      position = 2;
      if (position == length) {
        return address;
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (position < length) {
      if (written == 16) {
        return null;
      }
      int groupStart = position;
      position = hexGroupEnd(text, groupStart);
      if (position < 0) {
        return null;
      }
      if (position < length && text.charAt(position) == '.') {
        // An embedded dotted quad takes the last 32 bits.
        if (written > 12 || !parseIpv4Into(text, groupStart, length, address, written)) {
          return null;
        }
        written += 4;
        break;
      }
      if (position == groupStart) {
        return null;
      }
      int value = hexGroupValue(text, groupStart, position);
      address[written++] = (byte) (value >>> 8);
      address[written++] = (byte) value;
      if (position == length) {
        break;
      }
      if (text.charAt(position) != ':') {
        return null;
      }
      position++;
      if (position < length && text.charAt(position) == ':') {
        if (compressionAt >= 0) {
          return null;
        }
        compressionAt = written;
        position++;
        if (position == length) {
          break;
        }
      } else if (position == length) {
        return null;
      }
    }
    if (compressionAt >= 0) {
      return expandCompression(address, compressionAt, written);
    }
    return written == 16 ? address : null;
  }

  /** Where the hex digits from {@code start} end, or -1 when there are more than a group's four. */
  private static int hexGroupEnd(String text, int start) {
    int position = start;
    while (position < text.length() && hexValue(text.charAt(position)) >= 0) {
      position++;
      if (position - start > 4) {
        return -1;
      }
    }
    return position;
  }

  /** The value of the hex digits from {@code start} to {@code end}. */
  private static int hexGroupValue(String text, int start, int end) {
    int value = 0;
    for (int position = start; position < end; position++) {
      value = (value << 4) | hexValue(text.charAt(position));
    }
    return value;
  }

  /**
   * Moves the groups written after the {@code ::} at {@code compressionAt} to the end of the
   * address, with zeros in the gap they leave; null when there is no gap.
   */
  private static byte[] expandCompression(byte[] address, int compressionAt, int written) {
    if (written == 16) {
      // "::" must stand for at least one group (RFC 4291 2.2).
      return null;
    }
    int tail = written - compressionAt;
    System.arraycopy(address, compressionAt, address, 16 - tail, tail);
    Arrays.fill(address, compressionAt, 16 - tail, (byte) 0);
    return address;
  }

  static boolean isIpv4Mapped(byte[] address) {
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
  }
}
