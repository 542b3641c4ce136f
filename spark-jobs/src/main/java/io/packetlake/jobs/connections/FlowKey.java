package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.EndpointOrder;
import io.packetlake.pcap.decode.FlowKeys;

/**
 * The unordered 5-tuple that groups packets into connections: both directions of a conversation
 * have the same key. The endpoints are stored in a canonical order (the lower endpoint in {@link
 * EndpointOrder} first) so that the key does not say who the originator is.
 *
 * <p>Ports are key ports ({@link FlowKeys#keyPort}): those of TCP and UDP; for ICMP and ICMPv6 the
 * paired type and code; other protocols, and packets whose ports are unknown (non-first fragments
 * without their first fragment, transport headers cut short), have {@link #NO_PORT}.
 *
 * @param protocol the IP protocol number (upper-layer protocol for IPv6)
 * @param lowAddress the endpoint address that sorts first, as text
 * @param lowPort the port of {@code lowAddress}, or {@link #NO_PORT}
 * @param highAddress the other endpoint address
 * @param highPort the port of {@code highAddress}, or {@link #NO_PORT}
 */
public record FlowKey(
    int protocol, String lowAddress, int lowPort, String highAddress, int highPort) {
  public static final int NO_PORT = EndpointOrder.NO_PORT;

  public FlowKey {
    requireNonNull(lowAddress, "lowAddress is null");
    requireNonNull(highAddress, "highAddress is null");
    if (EndpointOrder.compare(lowAddress, lowPort, highAddress, highPort) > 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create flow key: endpoints %s/%s and %s/%s are not in canonical order",
              lowAddress, lowPort, highAddress, highPort));
    }
  }

  /** The key of a packet from {@code source} to {@code destination}. */
  public static FlowKey of(
      int protocol,
      String sourceAddress,
      int sourcePort,
      String destinationAddress,
      int destinationPort) {
    if (EndpointOrder.compare(sourceAddress, sourcePort, destinationAddress, destinationPort)
        <= 0) {
      return new FlowKey(protocol, sourceAddress, sourcePort, destinationAddress, destinationPort);
    }
    return new FlowKey(protocol, destinationAddress, destinationPort, sourceAddress, sourcePort);
  }

  /** Whether a packet sent from this address and port travels from the low to the high endpoint. */
  public boolean isFromLow(String sourceAddress, int sourcePort) {
    return lowAddress.equals(sourceAddress) && lowPort == sourcePort;
  }

  /** The key's hash, as the packets table stores it per packet ({@link FlowKeys#hash}). */
  public long hash() {
    return FlowKeys.hash(protocol, lowAddress, lowPort, highAddress, highPort);
  }
}
