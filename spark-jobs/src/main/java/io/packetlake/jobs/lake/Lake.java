package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

/** Where the tables of one lake live. */
public record Lake(String root) {
  public Lake {
    requireNonNull(root, "root is null");
    while (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
  }

  public String table(String name) {
    return root + "/" + name;
  }

  public String runs() {
    return root + "/_runs";
  }

  /** The file that states the lake's schema version ({@link LakeVersion}). */
  public String versionMarker() {
    return root + "/_lake.json";
  }
}
