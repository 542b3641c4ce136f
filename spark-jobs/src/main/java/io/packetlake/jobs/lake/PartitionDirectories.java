package io.packetlake.jobs.lake;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Names of partition directories as Spark writes them, {@code column=value}. The lake partitions by
 * dates, capture ids and plain words, which Spark writes without escaping.
 */
public final class PartitionDirectories {
  private PartitionDirectories() {}

  /** The name of the directory holding the rows whose {@code column} is {@code value}. */
  public static String name(String column, Object value) {
    return column + "=" + value;
  }

  /** The value of {@code column} a directory stands for, or null when it is not one of its. */
  public static String value(String column, String directoryName) {
    String prefix = column + "=";
    return directoryName.startsWith(prefix) ? directoryName.substring(prefix.length()) : null;
  }

  /**
   * The date a directory of the date column {@code column} stands for, or null when it is not one
   * of its or holds no date (the null partition, {@code __HIVE_DEFAULT_PARTITION__}).
   */
  public static LocalDate date(String column, String directoryName) {
    String value = value(column, directoryName);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
