package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;

import org.apache.spark.sql.Column;

/**
 * The one order of IP addresses that connection tracking uses: the order of their text, compared
 * byte by byte as Spark compares strings. Spark groups the packets of an address pair with {@link
 * #lower} and {@link #higher}, and {@link FlowKey} orders its endpoints with {@link #compare}: both
 * are this order. Address text is ASCII, whose UTF-8 bytes compare as its UTF-16 characters, so
 * {@link String#compareTo} gives it without encoding the text.
 */
final class AddressOrder {
  private AddressOrder() {}

  /** Negative, zero or positive as {@code first} sorts before, with or after {@code second}. */
  static int compare(String first, String second) {
    return requireNonNull(first, "first is null")
        .compareTo(requireNonNull(second, "second is null"));
  }

  /** The address of the two that sorts first. */
  static Column lower(Column first, Column second) {
    return least(first, second);
  }

  /** The address of the two that sorts last. */
  static Column higher(Column first, Column second) {
    return greatest(first, second);
  }
}
