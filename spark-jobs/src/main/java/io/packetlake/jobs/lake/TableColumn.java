package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a lake table, declared once in its table's {@link TableCatalog}: the Spark schema,
 * the column comments that Parquet files carry, and the column list in docs/TABLES.md are derived
 * from it.
 *
 * @param name the column's name in the lake
 * @param type its Spark type
 * @param nullable whether a row may hold null
 * @param comment what a value means, for analysts (stored as the field's {@code comment})
 */
public record TableColumn(String name, DataType type, boolean nullable, String comment) {
  /**
   * The longest comment a column may have: a Hive metastore stores column comments in 256
   * characters and refuses a table whose comment is longer (docs/TABLES.md and the Parquet files
   * would keep the whole text, but a table that Hive and Trino cannot register is no use).
   */
  public static final int MAX_COMMENT_LENGTH = 256;

  public TableColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(comment, "comment is null");
    if (name.isEmpty() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("Cannot declare column: bad name '" + name + "'");
    }
    if (comment.length() > MAX_COMMENT_LENGTH) {
      throw new IllegalArgumentException(
          "Cannot declare column %s: its comment has %d characters, more than the %d a Hive metastore keeps"
              .formatted(name, comment.length(), MAX_COMMENT_LENGTH));
    }
  }

  /** A column that always holds a value. */
  public static TableColumn required(String name, DataType type, String comment) {
    return new TableColumn(name, type, false, comment);
  }

  /** A column that holds null where the value is absent. */
  public static TableColumn optional(String name, DataType type, String comment) {
    return new TableColumn(name, type, true, comment);
  }

  /** The Spark field, with the comment as its {@code comment} metadata. */
  public StructField field() {
    return new StructField(
        name, type, nullable, new MetadataBuilder().putString("comment", comment).build());
  }
}
