package io.packetlake.pcap.app;

import io.packetlake.pcap.decode.IpProtocols;

/**
 * The ports on which the application-layer pass looks for each protocol: those tshark decodes it on
 * by default, so that what the lake finds can be compared with what tshark shows.
 */
public final class ApplicationPorts {
  /** DNS over UDP and TCP (RFC 1035, RFC 7766). */
  public static final int DNS = 53;

  /** Multicast DNS (RFC 6762). */
  public static final int MDNS = 5353;

  /** Link-Local Multicast Name Resolution (RFC 4795). */
  public static final int LLMNR = 5355;

  private ApplicationPorts() {}

  /** Whether either port of a TCP or UDP packet is one DNS is decoded on. */
  public static boolean isDns(int ipProtocol, int sourcePort, int destinationPort) {
    if (ipProtocol != IpProtocols.TCP && ipProtocol != IpProtocols.UDP) {
      return false;
    }
    return isDnsPort(sourcePort) || isDnsPort(destinationPort);
  }

  private static boolean isDnsPort(int port) {
    return port == DNS || port == MDNS || port == LLMNR;
  }
}
