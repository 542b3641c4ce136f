package io.packetlake.pcap.decode;

import static java.util.Objects.requireNonNull;

/**
 * The one order of flow endpoints, by which a direction-free flow key puts its two endpoints: the
 * address in the lake's text form ({@link Addresses}) compared as Spark compares strings (byte by
 * byte; the text is ASCII, so {@link String#compareTo} gives the same order), then the port, a
 * missing port ({@code -1}) first.
 *
 * <p>Text rather than address value so that a Spark plan can apply it with {@code least} and {@code
 * greatest} over the stored address columns, without parsing an address per row: the connections
 * stage groups packets by address pair that way, and the {@code flow_key} SQL function orders its
 * endpoints the same way.
 */
public final class EndpointOrder {
  /** The port of an endpoint that has none (ICMP without a pair, other protocols, fragments). */
  public static final int NO_PORT = -1;

  private EndpointOrder() {}

  /** Negative, zero or positive as the first address sorts before, with or after the second. */
  public static int compareAddresses(CharSequence first, CharSequence second) {
    return CharSequence.compare(
        requireNonNull(first, "first is null"), requireNonNull(second, "second is null"));
  }

  /**
   * Negative, zero or positive as the first endpoint sorts before, with or after the second;
   * addresses in the lake's text form, ports {@link #NO_PORT} when absent.
   */
  public static int compare(
      CharSequence firstAddress, int firstPort, CharSequence secondAddress, int secondPort) {
    int byAddress = compareAddresses(firstAddress, secondAddress);
    return byAddress != 0 ? byAddress : Integer.compare(firstPort, secondPort);
  }
}
