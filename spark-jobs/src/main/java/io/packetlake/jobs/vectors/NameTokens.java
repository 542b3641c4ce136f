package io.packetlake.jobs.vectors;

import io.packetlake.udfs.DomainNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The tokens one DNS query adds to its client's bag in {@code name_vectors}. Each kind has its
 * prefix, so a label never collides with a name or a domain of the same text:
 *
 * <ul>
 *   <li>{@code name=<query_name_normalized>}: the name asked for, as the dns table stores it (lower
 *       case, zone-file escapes), the root as {@code name=.};
 *   <li>{@code domain=<registered domain>}: {@link DomainNames#registeredDomain}, the public suffix
 *       list's rule that the SQL function {@code registered_domain} applies too. Names under no
 *       public suffix (mDNS {@code .local}, {@code localhost}, single labels, corporate names under
 *       an unlisted top level) get no domain token rather than an invented one: their labels say
 *       what they are ({@code label=local});
 *   <li>{@code label=<label>}: each distinct label of the name, escapes kept.
 * </ul>
 *
 * <p>Reverse-lookup names (under {@code in-addr.arpa} or {@code ip6.arpa}) add their name and their
 * domain (the reverse zone of the first octet or nibble, {@code domain=10.in-addr.arpa}) but no
 * labels: their labels are the digits or nibbles of an address, and as words they would make every
 * host that resolves addresses look alike.
 */
public final class NameTokens {
  public static final String NAME_PREFIX = "name=";
  public static final String DOMAIN_PREFIX = "domain=";
  public static final String LABEL_PREFIX = "label=";

  private static final List<String> REVERSE_ZONES = List.of("in-addr.arpa", "ip6.arpa");

  private NameTokens() {}

  /** The tokens of a query for {@code normalizedName}; none for a null or empty name. */
  public static List<String> of(String normalizedName) {
    if (normalizedName == null || normalizedName.isEmpty()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>();
    tokens.add(NAME_PREFIX + normalizedName);
    String domain = DomainNames.registeredDomain(normalizedName);
    if (domain != null) {
      tokens.add(DOMAIN_PREFIX + domain);
    }
    if (!isReverseLookup(normalizedName)) {
      Set<String> labels = new LinkedHashSet<>(DomainNames.labels(normalizedName));
      for (String label : labels) {
        tokens.add(LABEL_PREFIX + label);
      }
    }
    return tokens;
  }

  /** Whether a lower-case name is a reverse-lookup name, or a reverse zone itself. */
  static boolean isReverseLookup(String normalizedName) {
    for (String zone : REVERSE_ZONES) {
      if (normalizedName.equals(zone) || normalizedName.endsWith("." + zone)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #of} as a Spark column function: array of tokens, never null. */
  static Column column(Column normalizedName) {
    UserDefinedFunction tokens =
        functions
            .udf(
                (UDF1<String, List<String>>) NameTokens::of,
                DataTypes.createArrayType(DataTypes.StringType, false))
            .asNonNullable()
            .withName("name_tokens");
    return tokens.apply(normalizedName);
  }
}
