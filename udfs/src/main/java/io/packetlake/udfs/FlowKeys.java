package io.packetlake.udfs;

import io.packetlake.pcap.decode.EndpointOrder;

/**
 * The {@code flow_key} SQL function's reading of its arguments, which {@code flow_key_hash} hashes:
 * addresses normalized first ({@code 2001:DB8::0:1} becomes {@code 2001:db8::1}), then the key's
 * text and hash as the lake stores them ({@link io.packetlake.pcap.decode.FlowKeys}): {@code
 * <protocol> <low endpoint> <high endpoint>}, for example {@code 6 10.0.0.1:51000
 * 93.184.216.34:443}, and the first 8 bytes of its SHA-256.
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
    if (!valid(protocol, firstAddress, firstPort, secondAddress, secondPort)) {
      return null;
    }
    return io.packetlake.pcap.decode.FlowKeys.text(
        protocol,
        IpAddresses.format(IpAddresses.parse(firstAddress)),
        port(firstPort),
        IpAddresses.format(IpAddresses.parse(secondAddress)),
        port(secondPort));
  }

  private static boolean valid(
      Integer protocol,
      String firstAddress,
      Integer firstPort,
      String secondAddress,
      Integer secondPort) {
    return protocol != null
        && protocol >= 0
        && protocol <= 255
        && IpAddresses.parse(firstAddress) != null
        && IpAddresses.parse(secondAddress) != null
        && validPort(firstPort)
        && validPort(secondPort);
  }

  private static boolean validPort(Integer port) {
    return port == null || (port >= 0 && port <= 65535);
  }

  private static int port(Integer port) {
    return port == null ? EndpointOrder.NO_PORT : port;
  }
}
