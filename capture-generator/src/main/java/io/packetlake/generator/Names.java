package io.packetlake.generator;

import java.util.SplittableRandom;

/**
 * DNS names for generated servers, under the domains RFC 2606 reserves for examples, and their wire
 * form (RFC 1035 section 3.1: length-prefixed labels ending with the root's empty label).
 */
final class Names {
  private static final String[] SERVICES = {
    "www",
    "api",
    "cdn",
    "static",
    "img",
    "login",
    "update",
    "mail",
    "m",
    "assets",
    "telemetry",
    "news",
    "shop",
    "docs",
    "video",
    "auth",
    "files",
    "status",
    "edge",
    "app"
  };
  private static final String[] WORDS = {
    "alder", "birch", "cedar", "delta", "ember", "fjord", "gale", "harbor", "iris", "juniper",
    "kestrel", "lumen", "maple", "nimbus", "onyx", "prairie", "quartz", "raven", "sierra", "tundra",
    "umber", "vale", "willow", "xenon", "yarrow", "zephyr", "atlas", "beacon", "comet", "drift",
    "echo", "flint", "glacier", "heron", "indigo", "jade", "krypton", "lagoon", "mesa", "nova",
    "orbit", "pine", "quill", "ridge", "summit", "tidal", "ultra", "vertex", "wave", "yonder",
    "zenith", "amber", "bolt", "coral", "dune", "falcon", "grove", "halo", "ion", "jet", "kite",
    "lark", "meadow", "nectar"
  };
  private static final String[] DOMAINS = {"example.com", "example.net", "example.org"};
  private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Names() {}

  /** A server name such as {@code api.nimbus7.example.net}. */
  static String serverName(SplittableRandom random) {
    String word = WORDS[random.nextInt(WORDS.length)];
    String number = random.nextInt(3) == 0 ? Integer.toString(random.nextInt(1, 100)) : "";
    return SERVICES[random.nextInt(SERVICES.length)]
        + "."
        + word
        + number
        + "."
        + DOMAINS[random.nextInt(DOMAINS.length)];
  }

  /** A name nobody registered, as typos and search-list expansions produce. */
  static String missingName(SplittableRandom random) {
    char[] label = new char[random.nextInt(6, 14)];
    for (int i = 0; i < label.length; i++) {
      label[i] = LETTERS[random.nextInt(LETTERS.length)];
    }
    return random.nextBoolean()
        ? new String(label) + "." + DOMAINS[random.nextInt(DOMAINS.length)]
        : "wpad." + new String(label) + ".internal";
  }

  /** A content-delivery alias that CNAME answers point to. */
  static String aliasName(SplittableRandom random) {
    return "edge-"
        + random.nextInt(1, 400)
        + "."
        + WORDS[random.nextInt(WORDS.length)]
        + ".example.net";
  }

  /** A word for URL paths and the like, picked by the low bits of {@code selector}. */
  static String word(long selector) {
    return WORDS[(int) Math.floorMod(selector, (long) WORDS.length)];
  }

  /** Bytes {@link #writeWire} writes for an ASCII name of non-empty dot-separated labels. */
  static int wireLength(String name) {
    return name.length() + 2;
  }

  /**
   * Writes {@code name} (ASCII, labels of 1 to 63 characters) in wire form at {@code at}.
   *
   * @return the offset after the name
   */
  static int writeWire(String name, byte[] target, int at) {
    int lengthAt = at;
    int position = at + 1;
    for (int i = 0; i < name.length(); i++) {
      char character = name.charAt(i);
      if (character == '.') {
        target[lengthAt] = (byte) (position - lengthAt - 1);
        lengthAt = position;
      } else {
        target[position] = (byte) character;
      }
      position++;
    }
    target[lengthAt] = (byte) (position - lengthAt - 1);
    target[position] = 0;
    return position + 1;
  }
}
