package io.packetlake.udfs;

import com.google.common.net.InternetDomainName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DNS names as the lake stores them (the {@code dns} table's {@code query_name}: no trailing dot,
 * the root as {@code .}, dots and bytes outside printable ASCII escaped as in zone files, {@code
 * \.} and {@code \DDD}) split into labels, and their registered domain. One definition for the SQL
 * function {@code registered_domain} and the name tokens of the {@code name_vectors} table.
 *
 * <p>The registered domain is the public suffix list's: the public suffix and the one label before
 * it, as Guava's {@link InternetDomainName#topPrivateDomain()} gives it, the list's private section
 * included ({@code foo.github.io} is a domain of its own, as {@code bbc.co.uk} is). A name that is
 * not under a public suffix has none: {@code local} (mDNS), {@code localhost}, a single label, a
 * public suffix itself ({@code com}, {@code in-addr.arpa}). Reverse-lookup names follow the same
 * list: {@code in-addr.arpa} and {@code ip6.arpa} are public suffixes, so the registered domain of
 * {@code 4.3.2.10.in-addr.arpa} is {@code 10.in-addr.arpa}, the reverse zone of the first octet.
 * Punycode labels ({@code xn--...}) are matched as the list spells them, in either form.
 *
 * <p>Leading labels that start with an underscore (service and protocol labels: {@code
 * _ldap._tcp.example.com}, {@code _googlecast._tcp.local}) or that hold an escape are not host
 * names and Guava refuses them; the registered domain only ever depends on the trailing labels, so
 * it is taken from the labels after the last such label. Names that are malformed (an empty label,
 * a dangling escape, longer than {@value #MAX_NAME_LENGTH} characters) have no labels and no
 * registered domain.
 */
public final class DomainNames {
  /**
   * The longest name text read: a wire name has at most 255 bytes, each escaped in at most four
   * characters ({@code \DDD}).
   */
  public static final int MAX_NAME_LENGTH = 4 * 255;

  private DomainNames() {}

  /**
   * The labels of a name, left to right, as written (escapes kept, case kept); empty for the root
   * ({@code .}), null, empty or malformed names. A trailing dot is allowed.
   */
  public static List<String> labels(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.equals(".")) {
      return List.of();
    }
    List<String> labels = new ArrayList<>();
    StringBuilder label = new StringBuilder();
    for (int index = 0; index < name.length(); index++) {
      char character = name.charAt(index);
      if (character == '\\') {
        if (index + 1 >= name.length()) {
          return List.of();
        }
        label.append(character).append(name.charAt(++index));
      } else if (character == '.') {
        if (label.isEmpty()) {
          return List.of();
        }
        labels.add(label.toString());
        label.setLength(0);
      } else {
        label.append(character);
      }
    }
    // An empty last label is the trailing dot of an absolute name.
    if (!label.isEmpty()) {
      labels.add(label.toString());
    }
    return labels;
  }

  /**
   * The registered domain of a name in lower case, or null when it has none (see the class
   * comment).
   */
  public static String registeredDomain(String name) {
    List<String> labels = labels(name);
    int first = 0;
    for (int index = 0; index < labels.size(); index++) {
      String label = labels.get(index);
      if (label.startsWith("_") || label.indexOf('\\') >= 0) {
        first = index + 1;
      }
    }
    if (labels.size() - first < 2) {
      return null;
    }
    String hostPart = String.join(".", labels.subList(first, labels.size()));
    try {
      InternetDomainName domain = InternetDomainName.from(hostPart.toLowerCase(Locale.ROOT));
      return domain.isUnderPublicSuffix() ? domain.topPrivateDomain().toString() : null;
    } catch (IllegalArgumentException | IllegalStateException invalid) {
      // Not a valid host name (a label Guava refuses, too long): no registered domain.
      return null;
    }
  }
}
