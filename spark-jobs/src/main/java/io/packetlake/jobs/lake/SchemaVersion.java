package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * The version of the lake's table schemas: the names, types and meaning of the columns of every
 * table, and how they are stored. It changes when a file written by this build can no longer be
 * read as a file of the previous build (a column renamed, a type or its Parquet storage changed); a
 * column added at the end does not change it. Lakes written before versions existed are version 1
 * and carry no version anywhere.
 *
 * <p>Every Parquet file of every table says which version wrote it: the key {@link #METADATA_KEY}
 * in the metadata of each column of the Spark schema that Spark stores in the file's footer (key
 * {@code org.apache.spark.sql.parquet.row.metadata}). Spark's Parquet writer adds no footer key of
 * its own choosing, so the schema it stores is where a file can carry it. The lake as a whole
 * declares its version in a marker file ({@link LakeVersion}).
 */
public final class SchemaVersion {
  /** The version this build writes. */
  public static final int CURRENT = 2;

  /** The column metadata key, in a file's stored Spark schema, that holds the version. */
  public static final String METADATA_KEY = "packetlake.schema.version";

  private SchemaVersion() {}

  /**
   * The rows with {@link #CURRENT} under {@link #METADATA_KEY} in the metadata of every column,
   * each column's other metadata (its comment) kept: what a table write stores in every file.
   */
  public static Dataset<Row> stamp(Dataset<Row> rows) {
    requireNonNull(rows, "rows is null");
    StructField[] fields = rows.schema().fields();
    Column[] columns = new Column[fields.length];
    for (int index = 0; index < fields.length; index++) {
      StructField field = fields[index];
      Metadata metadata =
          new MetadataBuilder()
              .withMetadata(field.metadata())
              .putLong(METADATA_KEY, CURRENT)
              .build();
      // An alias per column, whose metadata Spark keeps through optimization; Dataset.to(schema)
      // does not carry metadata into the files when a column's type already matches.
      columns[index] = rows.col(quoted(field.name())).as(field.name(), metadata);
    }
    return rows.select(columns);
  }

  /** The column name as Spark reads it literally, dots and backquotes included. */
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
