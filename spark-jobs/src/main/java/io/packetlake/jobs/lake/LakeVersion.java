package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The schema version a lake states for itself, in {@code <lake>/_lake.json} ({@link
 * Lake#versionMarker()}): {@code {"schema_version": 2, "created_at": "..."}}. Written once, when a
 * run first writes to a lake that holds no table, and read before every run writes anything ({@link
 * RunLedger#started()}).
 *
 * <p>A run may write to a lake that states {@link SchemaVersion#CURRENT}, or that holds no table
 * and states nothing (a new lake: the marker is written then). Every other lake stops the run
 * before anything is written, with an {@link IncompatibleLakeException}: a newer version, an older
 * one, tables without a marker (written before versions existed), or a marker that states no
 * version. A table is any directory under the root whose name does not start with {@code _} or
 * {@code .}, as for the ledger's staging cleanup.
 *
 * <p>The marker is written to a hidden temporary file and renamed into place without overwriting,
 * so it appears whole or not at all; of two runs that start on a new lake together, the one whose
 * rename loses reads the winner's marker and checks it like any other.
 */
public final class LakeVersion {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // The marker is a few dozen bytes; anything far larger is not one.
  private static final long MAX_MARKER_BYTES = 64 * 1024;
  private static final String VERSION_FIELD = "schema_version";

  private LakeVersion() {}

  /**
   * Makes sure this build may write to {@code lake}: returns when the lake states {@link
   * SchemaVersion#CURRENT}, writes the marker when the lake is new, and throws otherwise.
   *
   * @throws IncompatibleLakeException when the lake is of another version, holds tables without a
   *     version, or has a marker that states none
   * @throws IOException when the file system fails
   */
  public static void claim(Configuration conf, Lake lake) throws IOException {
    requireNonNull(conf, "conf is null");
    requireNonNull(lake, "lake is null");
    Path marker = new Path(lake.versionMarker());
    FileSystem fileSystem = marker.getFileSystem(conf);
    OptionalInt stated = read(fileSystem, lake);
    if (stated.isPresent()) {
      check(lake, stated.getAsInt());
      return;
    }
    if (holdsTables(fileSystem, new Path(lake.root()))) {
      throw IncompatibleLakeException.unversioned(lake);
    }
    if (!create(conf, fileSystem, marker)) {
      check(lake, read(fileSystem, lake).orElseThrow());
    }
  }

  /**
   * The version the lake's marker states, or empty when it has none.
   *
   * @throws IncompatibleLakeException when the marker is there but states no version
   */
  private static OptionalInt read(FileSystem fileSystem, Lake lake) throws IOException {
    Path marker = new Path(lake.versionMarker());
    FileStatus status;
    try {
      status = fileSystem.getFileStatus(marker);
    } catch (FileNotFoundException e) {
      return OptionalInt.empty();
    }
    if (!status.isFile() || status.getLen() > MAX_MARKER_BYTES) {
      throw IncompatibleLakeException.unreadable(
          lake, "is not a file of at most " + MAX_MARKER_BYTES + " bytes");
    }
    JsonNode node;
    try (InputStream in = fileSystem.open(marker)) {
      node = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw IncompatibleLakeException.unreadable(lake, "is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // A damaged marker (a checksum error) or a failing file system: either way nothing is known
      // about the lake, and nothing is written.
      throw IncompatibleLakeException.unreadable(lake, "cannot be read: " + e.getMessage());
    }
    JsonNode version = node == null ? null : node.get(VERSION_FIELD);
    if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
      throw IncompatibleLakeException.unreadable(
          lake, "states no " + VERSION_FIELD + " (a positive integer)");
    }
    return OptionalInt.of(version.asInt());
  }

  private static void check(Lake lake, int stated) throws IncompatibleLakeException {
    if (stated > SchemaVersion.CURRENT) {
      throw IncompatibleLakeException.newer(lake, stated);
    }
    if (stated < SchemaVersion.CURRENT) {
      throw IncompatibleLakeException.older(lake, stated);
    }
  }

  private static boolean holdsTables(FileSystem fileSystem, Path root) throws IOException {
    if (!fileSystem.exists(root)) {
      return false;
    }
    for (FileStatus child : fileSystem.listStatus(root)) {
      String name = child.getPath().getName();
      if (child.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Writes the marker of {@link SchemaVersion#CURRENT}; false when another run wrote one first. */
  private static boolean create(Configuration conf, FileSystem fileSystem, Path marker)
      throws IOException {
    ObjectNode node = MAPPER.createObjectNode();
    node.put(VERSION_FIELD, SchemaVersion.CURRENT);
    node.put("created_at", Instant.now().toString());
    Path temporary =
        new Path(marker.getParent(), "." + marker.getName() + "." + UUID.randomUUID() + ".tmp");
    fileSystem.mkdirs(marker.getParent());
    try (OutputStream out = fileSystem.create(temporary, false)) {
      out.write(MAPPER.writeValueAsBytes(node));
    }
    try {
      // Without Options.Rename.OVERWRITE: fails when the marker exists, atomically.
      FileContext.getFileContext(fileSystem.getUri(), conf).rename(temporary, marker);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      fileSystem.delete(temporary, false);
    }
  }
}
