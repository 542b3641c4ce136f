package io.packetlake.pcap.decode;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The rules of a flow key, written once for the three places that need them: the packets table's
 * {@code flow_key_hash} (computed per packet at ingest), the connections stage (which groups
 * packets by the key and stores the same hash per connection), and the {@code flow_key} and {@code
 * flow_key_hash} SQL functions.
 *
 * <p>A flow key is the IP protocol and the two endpoints, direction-free. An endpoint is an address
 * in the lake's text form ({@link Addresses}) and a key port: the TCP/UDP port; for ICMP and ICMPv6
 * the message type paired with its reply's (so that a request and its reply share a key) times 256
 * plus the code; {@link EndpointOrder#NO_PORT} for other protocols and for packets whose transport
 * header is absent (non-first fragments, headers cut short). The key has no VLAN or tunnel id:
 * packets of one 5-tuple on two VLANs are one flow.
 *
 * <p>The key's text is {@code <protocol> <low endpoint> <high endpoint>}, endpoints in {@link
 * EndpointOrder}, an endpoint being {@code address:port}, {@code [ipv6 address]:port}, or the
 * address alone without a port; for example {@code 6 10.0.0.1:51000 93.184.216.34:443}. Its hash is
 * the first 8 bytes of the SHA-256 of that text (UTF-8), big-endian, as a signed 64-bit number: any
 * engine with SHA-256 can recompute it from the text.
 */
public final class FlowKeys {
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(FlowKeys::sha256);

  private FlowKeys() {}

  /**
   * The key port of an endpoint: {@code transportPort} for protocols with ports (or {@link
   * EndpointOrder#NO_PORT} when it is absent, negative), the paired ICMP type and code for ICMP and
   * ICMPv6, and {@link EndpointOrder#NO_PORT} otherwise. Both endpoints of an ICMP key have the
   * same key port.
   */
  public static int keyPort(int protocol, int transportPort, int icmpType, int icmpCode) {
    if (IpProtocols.hasPorts(protocol)) {
      return transportPort < 0 ? EndpointOrder.NO_PORT : transportPort;
    }
    if (!IpProtocols.isIcmp(protocol) || icmpType < 0) {
      return EndpointOrder.NO_PORT;
    }
    return icmpPair(protocol, icmpType) << 8 | Math.max(icmpCode, 0);
  }

  /**
   * The type an ICMP message is keyed by: replies map to their request's type so that an echo
   * request and its echo reply are one flow, as network monitors pair them. Other types stand for
   * themselves.
   */
  public static int icmpPair(int protocol, int icmpType) {
    if (protocol == IpProtocols.ICMP) {
      return switch (icmpType) {
        case 0 -> 8; // echo reply -> echo request
        case 14 -> 13; // timestamp reply -> timestamp
        case 16 -> 15; // information reply -> information request
        case 18 -> 17; // address mask reply -> address mask request
        default -> icmpType;
      };
    }
    if (protocol == IpProtocols.ICMPV6) {
      return switch (icmpType) {
        case 129 -> 128; // echo reply -> echo request
        case 131, 132 -> 130; // multicast listener report/done -> query
        case 136 -> 135; // neighbor advertisement -> solicitation
        case 134 -> 133; // router advertisement -> solicitation
        default -> icmpType;
      };
    }
    return icmpType;
  }

  /**
   * The key's text, the two endpoints in either order (addresses in the lake's text form, ports
   * {@link EndpointOrder#NO_PORT} when absent).
   */
  public static String text(
      int protocol, String firstAddress, int firstPort, String secondAddress, int secondPort) {
    requireNonNull(firstAddress, "firstAddress is null");
    requireNonNull(secondAddress, "secondAddress is null");
    StringBuilder text = new StringBuilder(16 + firstAddress.length() + secondAddress.length());
    appendText(text, protocol, firstAddress, firstPort, secondAddress, secondPort);
    return text.toString();
  }

  /** Appends the key's {@link #text} to {@code out}. */
  static void appendText(
      StringBuilder out,
      int protocol,
      CharSequence firstAddress,
      int firstPort,
      CharSequence secondAddress,
      int secondPort) {
    boolean swap = EndpointOrder.compare(firstAddress, firstPort, secondAddress, secondPort) > 0;
    out.append(protocol).append(' ');
    appendEndpoint(out, swap ? secondAddress : firstAddress, swap ? secondPort : firstPort);
    out.append(' ');
    appendEndpoint(out, swap ? firstAddress : secondAddress, swap ? firstPort : secondPort);
  }

  /** The key's hash: the first 8 bytes of the SHA-256 of {@link #text}, big-endian. */
  public static long hash(
      int protocol, String firstAddress, int firstPort, String secondAddress, int secondPort) {
    return hashOfText(text(protocol, firstAddress, firstPort, secondAddress, secondPort));
  }

  /** The hash of a key's {@link #text}: the first 8 bytes of its SHA-256 (UTF-8), big-endian. */
  public static long hashOfText(String text) {
    return firstLong(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The first 8 bytes of a digest, big-endian. */
  static long firstLong(byte[] digest) {
    long hash = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      hash = hash << 8 | (digest[i] & 0xFF);
    }
    return hash;
  }

  /** Whether a decoded packet has a flow key: IP addresses and an upper-layer protocol. */
  public static boolean hasKey(PacketHeaders headers) {
    return headers.hasIp()
        && headers.ipProtocol() >= 0
        && headers.sourceAddressOffset() >= 0
        && headers.destinationAddressOffset() >= 0;
  }

  private static void appendEndpoint(StringBuilder text, CharSequence address, int port) {
    if (port == EndpointOrder.NO_PORT) {
      text.append(address);
    } else if (isIpv6(address)) {
      text.append('[').append(address).append("]:").append(port);
    } else {
      text.append(address).append(':').append(port);
    }
  }

  private static boolean isIpv6(CharSequence address) {
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
