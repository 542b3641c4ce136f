package io.packetlake.jobs;

import io.packetlake.jobs.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a lake holds on disk, for tests that must show a run changed nothing on disk or left no
 * partial partition: partition directories and visible data files of every table. Content checksums
 * are {@link io.packetlake.jobs.lake.LakeChecksums}.
 */
public final class LakeFiles {
  /** Every table of the lake, in the order the stages write them. */
  private static final List<String> TABLES = Pipeline.tables();

  private LakeFiles() {}

  /**
   * Per table, the partition directories (relative to the table, e.g. {@code
   * date=2024-05-06/capture_id=...}) that hold at least one visible data file. Hidden entries
   * ({@code .spark-staging-*}, {@code _temporary}, {@code _SUCCESS}) are not part of a table.
   */
  public static Map<String, SortedSet<String>> partitions(Lake lake) {
    Map<String, SortedSet<String>> partitions = new TreeMap<>();
    for (String table : TABLES) {
      Path root = Paths.get(lake.table(table));
      if (!Files.isDirectory(root)) {
        continue;
      }
      SortedSet<String> directories = new TreeSet<>();
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(Files::isRegularFile)
            .filter(file -> isVisible(root.relativize(file)))
            .forEach(file -> directories.add(root.relativize(file.getParent()).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      partitions.put(table, directories);
    }
    return partitions;
  }

  /**
   * Every visible data file of every table (path relative to the lake root, with its size): equal
   * before and after a run exactly when the run changed no file. Cheaper than {@link #of} and
   * stronger for "nothing was written"; a rerun that rewrites the same rows changes the file names.
   */
  public static SortedMap<String, Long> visibleFiles(Lake lake) {
    SortedMap<String, Long> visible = new TreeMap<>();
    Path lakeRoot = Paths.get(lake.root());
    for (String table : TABLES) {
      Path root = Paths.get(lake.table(table));
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (isVisible(root.relativize(file))) {
            visible.put(lakeRoot.relativize(file).toString(), Files.size(file));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return visible;
  }

  private static boolean isVisible(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return false;
      }
    }
    return true;
  }
}
