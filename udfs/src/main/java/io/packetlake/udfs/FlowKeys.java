package io.packetlake.udfs;

import io.packetlake.pcap.decode.EndpointOrder;

/**
 * A direction-free key of a flow: the two endpoints sorted, so that both directions of a
 * conversation (and a connection's originator/responder in either order) give the same key.
 *
 * <p>Format: {@code <protocol> <low endpoint> <high endpoint>}, an endpoint being {@code
 * address:port}, {@code [ipv6 address]:port}, or the address alone when there is no port (ICMP and
 * protocols without ports). Addresses are normalized first ({@code 2001:DB8::0:1} becomes {@code
 * 2001:db8::1}). Endpoints are ordered by address bytes (IPv4 before IPv6), then by port with a
 * missing port first. Example: {@code 6 10.0.0.1:51000 93.184.216.34:443}.
 */
public final class FlowKeys {
  private FlowKeys() {}

  /**
   * The key of a flow, or null when the protocol is missing or out of 0-255, an address is not an
   * address, or a port is out of 0-65535.
   */
  public static String canonical(
      Integer protocol,
      String firstAddress,
      Integer firstPort,
      String secondAddress,
      Integer secondPort) {
    if (protocol == null || protocol < 0 || protocol > 255) {
      return null;
    }
    byte[] first = IpAddresses.parse(firstAddress);
    byte[] second = IpAddresses.parse(secondAddress);
    if (first == null || second == null || !validPort(firstPort) || !validPort(secondPort)) {
      return null;
    }
    String firstText = IpAddresses.format(first);
    String secondText = IpAddresses.format(second);
    boolean swap =
        EndpointOrder.compare(firstText, port(firstPort), secondText, port(secondPort)) > 0;
    String low =
        swap ? endpoint(secondText, second, secondPort) : endpoint(firstText, first, firstPort);
    String high =
        swap ? endpoint(firstText, first, firstPort) : endpoint(secondText, second, secondPort);
    return protocol + " " + low + " " + high;
  }

  private static boolean validPort(Integer port) {
    return port == null || (port >= 0 && port <= 65535);
  }

  private static int port(Integer port) {
    return port == null ? EndpointOrder.NO_PORT : port;
  }

  private static String endpoint(String text, byte[] address, Integer port) {
    if (port == null) {
      return text;
    }
    return address.length == 16 ? "[" + text + "]:" + port : text + ":" + port;
  }
}
