package io.packetlake.jobs.connections;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;

import io.packetlake.pcap.decode.EndpointOrder;
import org.apache.spark.sql.Column;

/**
 * {@link EndpointOrder}'s address order in a Spark plan: the connections stage groups the packets
 * of an address pair with {@link #lower} and {@link #higher}, which compare strings as {@link
 * EndpointOrder#compareAddresses} does ({@code TestConnectionJob} checks the two agree).
 */
final class AddressOrder {
  private AddressOrder() {}

  /** The address of the two that sorts first. */
  static Column lower(Column first, Column second) {
    return least(first, second);
  }

  /** The address of the two that sorts last. */
  static Column higher(Column first, Column second) {
    return greatest(first, second);
  }
}
