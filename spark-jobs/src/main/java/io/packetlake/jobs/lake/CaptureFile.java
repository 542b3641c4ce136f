package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

/**
 * One capture file of a run.
 *
 * @param path fully qualified path, as the InputFormat names records' sources
 * @param size length in bytes
 * @param modificationTime last modification, milliseconds since the epoch
 * @param captureId stable id from a fingerprint of the content (size, first and last MiB), so the
 *     same capture gets the same id whatever its name or path
 */
public record CaptureFile(String path, long size, long modificationTime, String captureId) {
  public CaptureFile {
    requireNonNull(path, "path is null");
    requireNonNull(captureId, "captureId is null");
  }
}
