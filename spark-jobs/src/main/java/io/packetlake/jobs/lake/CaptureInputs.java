package io.packetlake.jobs.lake;

import io.packetlake.pcap.framing.ByteWindow;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.FramingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Turns the paths a user gives (files, directories, globs; any Hadoop file system) into files. */
public final class CaptureInputs {
  // Content fingerprint: size plus the first and last MiB, enough to tell captures apart cheaply.
  private static final int FINGERPRINT_BYTES = 1 << 20;

  private CaptureInputs() {}

  /**
   * The files to read, the ones that could not be used (with the reason) and the ones that hold the
   * same capture as a file already listed (with that file's path).
   */
  public record Resolved(
      List<CaptureFile> captures, Map<String, String> rejected, Map<String, String> duplicates) {}

  public static Resolved resolve(Configuration conf, List<String> inputs) throws IOException {
    Map<String, FileStatus> files = new LinkedHashMap<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    for (String input : inputs) {
      Path pattern = new Path(input);
      FileSystem fileSystem = pattern.getFileSystem(conf);
      FileStatus[] matches = fileSystem.globStatus(pattern);
      if (matches == null || matches.length == 0) {
        rejected.put(input, "no such file or directory");
        continue;
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> listing = fileSystem.listFiles(match.getPath(), true);
          while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            if (isVisible(match.getPath(), file.getPath())) {
              files.putIfAbsent(file.getPath().toString(), file);
            }
          }
        } else {
          files.putIfAbsent(match.getPath().toString(), match);
        }
      }
    }
    List<CaptureFile> captures = new ArrayList<>();
    Map<String, String> pathsById = new LinkedHashMap<>();
    Map<String, String> duplicates = new LinkedHashMap<>();
    for (FileStatus file : files.values()) {
      String problem = headerProblem(conf, file);
      if (problem != null) {
        rejected.put(file.getPath().toString(), problem);
        continue;
      }
      String path = file.getPath().toString();
      String captureId;
      try {
        captureId = captureId(conf, file);
      } catch (IOException e) {
        // A read that fails past the header (a bad block, a checksum error, a file cut since it
        // was listed) rejects this file only; --skip-bad-files then skips it with the reason.
        rejected.put(path, "cannot read it for its capture id: " + e);
        continue;
      }
      String first = pathsById.putIfAbsent(captureId, path);
      if (first != null) {
        duplicates.put(path, first);
        continue;
      }
      captures.add(new CaptureFile(path, file.getLen(), file.getModificationTime(), captureId));
    }
    return new Resolved(List.copyOf(captures), rejected, duplicates);
  }

  /** Hidden files and folders below a listed directory (".crc", "_SUCCESS", ...) are not inputs. */
  private static boolean isVisible(Path directory, Path file) {
    String relative = file.toUri().getPath().substring(directory.toUri().getPath().length());
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return false;
      }
    }
    return true;
  }

  /** Why the file cannot be read as a capture, or null when its header is fine. */
  private static String headerProblem(Configuration conf, FileStatus file) {
    FileSystem fileSystem;
    try {
      fileSystem = file.getPath().getFileSystem(conf);
    } catch (IOException e) {
      return e.getMessage();
    }
    try (FSDataInputStream input = fileSystem.open(file.getPath())) {
      InputStream stream = input;
      byte[] head = new byte[2];
      if (file.getLen() >= 2) {
        input.readFully(0, head);
      }
      if (head[0] == (byte) 0x1F && head[1] == (byte) 0x8B) {
        stream = new GZIPInputStream(input);
      }
      CaptureReaders.open(
          file.getPath().toString(), ByteWindow.of(stream, 0), FramingOptions.defaults());
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * The capture_id of a capture: 16 hex digits of SHA-256 over its size and its first and last MiB,
   * the same whatever the file is called.
   */
  public static String captureId(Configuration conf, FileStatus file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = file.getLen();
    digest.update(Long.toString(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    try (FSDataInputStream input = file.getPath().getFileSystem(conf).open(file.getPath())) {
      byte[] buffer = new byte[(int) Math.min(FINGERPRINT_BYTES, size)];
      input.readFully(0, buffer);
      digest.update(buffer);
      if (size > FINGERPRINT_BYTES) {
        input.readFully(size - buffer.length, buffer);
        digest.update(buffer);
      }
    }
    // Content only: the same capture under another name or path gets the same id.
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }
}
