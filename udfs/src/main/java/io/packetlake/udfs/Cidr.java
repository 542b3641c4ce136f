package io.packetlake.udfs;

import static java.util.Objects.requireNonNull;

/**
 * A network prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Host bits below the prefix
 * may be set in the text ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}), as most tools allow.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = requireNonNull(network, "network is null");
    this.prefixLength = prefixLength;
  }

  /** The prefix written as {@code address/length}, or null when the text is not one. */
  public static Cidr parse(String text) {
    if (text == null) {
      return null;
    }
    int slash = text.indexOf('/');
    if (slash < 0 || slash == text.length() - 1 || text.length() - slash > 4) {
      return null;
    }
    byte[] network = IpAddresses.parse(text.substring(0, slash));
    if (network == null) {
      return null;
    }
    int prefixLength = 0;
    for (int i = slash + 1; i < text.length(); i++) {
      char character = text.charAt(i);
      if (character < '0' || character > '9') {
        return null;
      }
      prefixLength = prefixLength * 10 + (character - '0');
    }
    if (prefixLength > network.length * 8) {
      return null;
    }
    return new Cidr(network, prefixLength);
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this prefix; false across families. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  public int prefixLength() {
    return prefixLength;
  }

  /**
   * Whether the address text lies in the prefix text. Null when either is not valid, so that a typo
   * in a filter shows up as no rows with a null rather than a silent false. An IPv4 address never
   * matches an IPv6 prefix and the reverse, IPv4-mapped IPv6 addresses included: the lake stores
   * each packet's address in the family it was sent in.
   */
  public static Boolean contains(String address, String prefix) {
    Cidr cidr = parse(prefix);
    byte[] bytes = IpAddresses.parse(address);
    if (cidr == null || bytes == null) {
      return null;
    }
    return cidr.contains(bytes);
  }
}
