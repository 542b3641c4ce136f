package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A lake this build must not write to: its schema version is not {@link SchemaVersion#CURRENT}, it
 * holds tables but states no version, or its version marker cannot be read. Raised before the run
 * writes anything; the message is one line that names the lake, what was found and what to do.
 */
public final class IncompatibleLakeException extends IOException {
  private static final long serialVersionUID = 1L;

  private IncompatibleLakeException(String message) {
    super(requireNonNull(message, "message is null"));
  }

  /** The lake states a version newer than this build's: only a newer build may write to it. */
  static IncompatibleLakeException newer(Lake lake, int found) {
    return new IncompatibleLakeException(
        String.format(
            "Cannot write to lake %s: it holds schema version %d, newer than version %d that this"
                + " build writes; use a packetlake release that writes version %d",
            lake.root(), found, SchemaVersion.CURRENT, found));
  }

  /** The lake states a version older than this build's. */
  static IncompatibleLakeException older(Lake lake, int found) {
    return new IncompatibleLakeException(
        String.format(
            "Cannot write to lake %s: it holds schema version %d and this build writes version"
                + " %d; %s",
            lake.root(), found, SchemaVersion.CURRENT, rebuild(lake)));
  }

  /** The lake holds tables written before schema versions existed (version 1, never stated). */
  static IncompatibleLakeException unversioned(Lake lake) {
    return new IncompatibleLakeException(
        String.format(
            "Cannot write to lake %s: it holds tables but no schema version (written before"
                + " versions existed: version 1) and this build writes version %d; %s",
            lake.root(), SchemaVersion.CURRENT, rebuild(lake)));
  }

  /** The marker is there but does not state a version. */
  static IncompatibleLakeException unreadable(Lake lake, String why) {
    return new IncompatibleLakeException(
        String.format(
            "Cannot write to lake %s: its version marker %s %s",
            lake.root(), lake.versionMarker(), requireNonNull(why, "why is null")));
  }

  /** How to rebuild a lake: the captures are the source of truth of every table. */
  private static String rebuild(Lake lake) {
    return String.format(
        "rebuild it from the captures: move %1$s aside (e.g. to %1$s.v1), then run packetlake run"
            + " --lake %1$s --input <captures>",
        lake.root());
  }
}
