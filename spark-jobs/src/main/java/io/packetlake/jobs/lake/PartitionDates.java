package io.packetlake.jobs.lake;

import io.packetlake.pcap.decode.PacketColumn;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The dates of a table partitioned by {@code date} and then {@code capture_id} (the packets table),
 * read from its directory names: no data file is opened.
 *
 * <p>Asking Spark for the distinct values of a partition column scans every file of the table (its
 * metadata-only optimisation is off by default); listing the directories answers the same question
 * in a few file-system calls. A date counts only when one of its capture directories holds a
 * visible data file, which is what a query over the table would see: hidden staging directories of
 * unfinished writes ({@code .spark-staging-*}, {@code _temporary}) and the null partition ({@code
 * __HIVE_DEFAULT_PARTITION__}) are not dates.
 */
public final class PartitionDates {
  private static final String DATE = PacketColumn.PACKET_DATE.columnName();
  private static final String CAPTURE_ID = "capture_id";

  private PartitionDates() {}

  /** The dates holding rows of any capture. */
  public static TreeSet<LocalDate> of(FileSystem fileSystem, Path table) throws IOException {
    return of(fileSystem, table, null);
  }

  /** The dates holding rows of the given captures; {@code null} for any capture. */
  public static TreeSet<LocalDate> of(
      FileSystem fileSystem, Path table, Collection<String> captureIds) throws IOException {
    return of(fileSystem, table, DATE, captureIds);
  }

  /**
   * The dates holding rows of any capture in a table partitioned like the packets table by {@code
   * dateColumn} (the dns table's {@code message_date}) and then {@code capture_id}.
   */
  public static TreeSet<LocalDate> ofDateColumn(
      FileSystem fileSystem, Path table, String dateColumn) throws IOException {
    return of(fileSystem, table, dateColumn, null);
  }

  private static TreeSet<LocalDate> of(
      FileSystem fileSystem, Path table, String dateColumn, Collection<String> captureIds)
      throws IOException {
    TreeSet<LocalDate> dates = new TreeSet<>();
    if (!fileSystem.exists(table)) {
      return dates;
    }
    for (FileStatus dateDirectory : fileSystem.listStatus(table)) {
      LocalDate date = PartitionDirectories.date(dateColumn, dateDirectory.getPath().getName());
      if (dateDirectory.isDirectory()
          && date != null
          && holdsCapture(fileSystem, dateDirectory.getPath(), captureIds)) {
        dates.add(date);
      }
    }
    return dates;
  }

  private static boolean holdsCapture(
      FileSystem fileSystem, Path dateDirectory, Collection<String> captureIds) throws IOException {
    for (FileStatus captureDirectory : fileSystem.listStatus(dateDirectory)) {
      String captureId =
          PartitionDirectories.value(CAPTURE_ID, captureDirectory.getPath().getName());
      if (captureDirectory.isDirectory()
          && captureId != null
          && (captureIds == null || captureIds.contains(captureId))
          && holdsDataFile(fileSystem, captureDirectory.getPath())) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsDataFile(FileSystem fileSystem, Path directory) throws IOException {
    for (FileStatus file : fileSystem.listStatus(directory)) {
      String name = file.getPath().getName();
      if (file.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
