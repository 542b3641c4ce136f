package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * The DDL that registers the lake's tables in a catalog, rendered from the table catalogs in two
 * dialects, so that no column, type or comment is written out by hand (conf/ddl holds the
 * renderings; a test fails when they and the catalogs disagree):
 *
 * <ul>
 *   <li>{@link Dialect#HIVE}: {@code CREATE EXTERNAL TABLE ... PARTITIONED BY (...) STORED AS
 *       PARQUET LOCATION ...} and {@code MSCK REPAIR TABLE}, for a Hive metastore, which Hive,
 *       Trino, Impala and Spark with Hive support all read.
 *   <li>{@link Dialect#SPARK}: {@code CREATE TABLE ... USING parquet PARTITIONED BY (...)} and
 *       {@code REPAIR TABLE}, for Spark's own catalog (an in-memory session catalog), which cannot
 *       run {@code STORED AS}.
 * </ul>
 *
 * <p>Both are EXTERNAL (a {@code LOCATION}), so that dropping a table never deletes lake data, and
 * harmless to rerun. Names are in backquotes (several column names are reserved words in Hive), and
 * comments are string literals that every client reads back unchanged: see {@link #literal}.
 */
public final class TableDdl {
  /** What the committed files write for the lake's root, as spark-sql -d and beeline substitute. */
  public static final String LAKE_VARIABLE = "${lake}";

  /** The line that starts each table's block: what follows it, up to the next, is that table's. */
  public static final String BLOCK_PREFIX = "-- table: ";

  /** Spark types whose Hive type has the same name in both dialects. */
  private static final Map<DataType, String> ATOMIC_TYPES =
      Map.of(
          DataTypes.StringType, "string",
          DataTypes.LongType, "bigint",
          DataTypes.IntegerType, "int",
          DataTypes.ShortType, "smallint",
          DataTypes.ByteType, "tinyint",
          DataTypes.BooleanType, "boolean",
          DataTypes.DoubleType, "double",
          DataTypes.FloatType, "float",
          DataTypes.DateType, "date",
          DataTypes.BinaryType, "binary");

  /**
   * Characters written as a Unicode escape inside a literal: a script runner that splits a file at
   * semicolons, or substitutes {@code ${...}} variables, never sees them, and the parser (Hive's
   * and Spark's) turns the escape back into the character.
   */
  private static final Set<Character> UNICODE_ESCAPED = Set.of(';', '$');

  private TableDdl() {}

  /** The SQL dialect of a rendering, by the catalog that runs it. */
  public enum Dialect {
    /** A Hive metastore: Hive, Trino, Impala, Spark with Hive support. */
    HIVE("lake-tables-hive.sql"),
    /** Spark's own catalog, without Hive support. */
    SPARK("lake-tables-spark.sql");

    private final String fileName;

    Dialect(String fileName) {
      this.fileName = fileName;
    }

    /** The file under conf/ddl that holds this dialect's rendering of every table. */
    public String fileName() {
      return fileName;
    }
  }

  /** One statement of a rendering and the table it is about. */
  public record Statement(String table, String sql) {
    public Statement {
      requireNonNull(table, "table is null");
      requireNonNull(sql, "sql is null");
    }
  }

  /**
   * The whole script for {@code tables}: a header saying how to run it, then {@link #blocks}.
   *
   * @param lakeRoot written as it is in front of each table's directory: {@link #LAKE_VARIABLE}, a
   *     notebook form, or a path
   */
  public static String script(Dialect dialect, List<TableCatalog> tables, String lakeRoot) {
    StringBuilder out = new StringBuilder();
    for (String line : header(dialect)) {
      out.append(line.isEmpty() ? "--" : "-- " + line).append('\n');
    }
    return out.append('\n').append(blocks(dialect, tables, lakeRoot)).toString();
  }

  /**
   * A block per table, separated by an empty line: {@link #BLOCK_PREFIX} and the table's name, then
   * its statements, each ended by a semicolon and a line break.
   */
  public static String blocks(Dialect dialect, List<TableCatalog> tables, String lakeRoot) {
    List<String> blocks = new ArrayList<>();
    for (TableCatalog table : tables) {
      StringBuilder block = new StringBuilder(BLOCK_PREFIX).append(table.name()).append('\n');
      if (dialect == Dialect.SPARK && hasUserDefinedType(table)) {
        block
            .append("-- No column list: Spark SQL has no name for the MLlib vector type, and its")
            .append(" struct would hide\n-- the vectors from MLlib; Spark reads the columns, with")
            .append(" their types and comments, from the\n-- files.\n");
      }
      for (Statement statement : statements(dialect, table, lakeRoot)) {
        block.append(statement.sql()).append(";\n");
      }
      blocks.add(block.toString());
    }
    return String.join("\n", blocks);
  }

  /** The statements that register one table and load its partitions, in the order to run them. */
  public static List<Statement> statements(Dialect dialect, TableCatalog table, String lakeRoot) {
    requireNonNull(dialect, "dialect is null");
    requireNonNull(table, "table is null");
    requireNonNull(lakeRoot, "lakeRoot is null");
    String location = location(lakeRoot + "/" + table.name());
    String create =
        switch (dialect) {
          case HIVE -> hiveCreate(table, location);
          case SPARK -> sparkCreate(table, location);
        };
    String repair =
        switch (dialect) {
          case HIVE -> "MSCK REPAIR TABLE " + identifier(table.name());
          case SPARK -> "REPAIR TABLE " + identifier(table.name());
        };
    return List.of(new Statement(table.name(), create), new Statement(table.name(), repair));
  }

  /**
   * The Hive type of a Spark type: MLlib vectors (and any user-defined type) as the struct they are
   * stored as, {@code timestamp} for Spark's instant. The Spark dialect differs only there: it says
   * {@code timestamp_ltz}, which a session's {@code spark.sql.timestampType} cannot turn into a
   * timestamp without time zone.
   *
   * @throws IllegalArgumentException for a type the lake does not use and Hive has no name for
   */
  public static String typeName(Dialect dialect, DataType type) {
    requireNonNull(dialect, "dialect is null");
    requireNonNull(type, "type is null");
    String atomic = ATOMIC_TYPES.get(type);
    if (atomic != null) {
      return atomic;
    }
    if (type.equals(DataTypes.TimestampType)) {
      return dialect == Dialect.HIVE ? "timestamp" : "timestamp_ltz";
    }
    if (type instanceof DecimalType decimal) {
      return "decimal(%d,%d)".formatted(decimal.precision(), decimal.scale());
    }
    if (type instanceof ArrayType array) {
      return "array<" + typeName(dialect, array.elementType()) + ">";
    }
    if (type instanceof MapType map) {
      return "map<"
          + typeName(dialect, map.keyType())
          + ","
          + typeName(dialect, map.valueType())
          + ">";
    }
    if (type instanceof StructType struct) {
      List<String> fields = new ArrayList<>();
      for (StructField field : struct.fields()) {
        fields.add(identifier(field.name()) + ":" + typeName(dialect, field.dataType()));
      }
      return "struct<" + String.join(",", fields) + ">";
    }
    if (type instanceof UserDefinedType<?> userDefined) {
      return typeName(dialect, userDefined.sqlType());
    }
    throw new IllegalArgumentException(
        "Cannot write type %s in %s DDL: no table of the lake uses it"
            .formatted(type.simpleString(), dialect));
  }

  /** A name in backquotes, a backquote in it doubled: Hive's and Spark's quoted identifier. */
  public static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * A string literal that Hive, Spark and the script runners in front of them (beeline, the Hive
   * CLI, spark-sql, Zeppelin) read back as {@code text}: in single quotes, with backslash escapes
   * for a backslash, a quote and line breaks, and Unicode escapes for the characters in {@link
   * #UNICODE_ESCAPED} and other control characters.
   */
  public static String literal(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
    for (int i = 0; i < text.length(); i++) {
      char character = text.charAt(i);
      switch (character) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (character < 0x20 || UNICODE_ESCAPED.contains(character)) {
            out.append("\\u").append("%04X".formatted((int) character));
          } else {
            out.append(character);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  /** Whether a column's type is, or holds, a user-defined type (an MLlib vector). */
  public static boolean hasUserDefinedType(TableCatalog table) {
    return table.columns().stream().anyMatch(column -> holdsUserDefinedType(column.type()));
  }

  private static boolean holdsUserDefinedType(DataType type) {
    if (type instanceof UserDefinedType<?>) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return holdsUserDefinedType(array.elementType());
    }
    if (type instanceof MapType map) {
      return holdsUserDefinedType(map.keyType()) || holdsUserDefinedType(map.valueType());
    }
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        if (holdsUserDefinedType(field.dataType())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Hive's form: the data columns, the table's comment, then the partition columns (in Hive they
   * are not data columns), outermost first.
   */
  private static String hiveCreate(TableCatalog table, String location) {
    List<TableColumn> dataColumns =
        table.columns().stream()
            .filter(column -> !table.partitionColumns().contains(column.name()))
            .toList();
    List<TableColumn> partitionColumns =
        table.partitionColumns().stream().map(name -> column(table, name)).toList();
    return "CREATE EXTERNAL TABLE IF NOT EXISTS "
        + identifier(table.name())
        + " "
        + columnList(Dialect.HIVE, dataColumns)
        + "\nCOMMENT "
        + literal(table.description())
        + "\nPARTITIONED BY "
        + columnList(Dialect.HIVE, partitionColumns)
        + "\nSTORED AS PARQUET\nLOCATION "
        + location;
  }

  /**
   * Spark's form: every column (partition columns included, as Spark's schema has them), the
   * partition columns by name. A table with a vector column lists none and Spark reads its schema
   * from the files; Spark then also finds the partition columns itself (naming them is not allowed
   * without a column list).
   */
  private static String sparkCreate(TableCatalog table, String location) {
    StringBuilder create =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(identifier(table.name()));
    if (hasUserDefinedType(table)) {
      create.append("\nUSING parquet");
    } else {
      create
          .append(' ')
          .append(columnList(Dialect.SPARK, table.columns()))
          .append("\nUSING parquet\nPARTITIONED BY (")
          .append(
              table.partitionColumns().stream()
                  .map(TableDdl::identifier)
                  .collect(Collectors.joining(", ")))
          .append(')');
    }
    return create
        .append("\nCOMMENT ")
        .append(literal(table.description()))
        .append("\nLOCATION ")
        .append(location)
        .toString();
  }

  private static String columnList(Dialect dialect, List<TableColumn> columns) {
    return columns.stream()
        .map(
            column ->
                "  "
                    + identifier(column.name())
                    + " "
                    + typeName(dialect, column.type())
                    + " COMMENT "
                    // TableColumn keeps comments within what a Hive metastore stores.
                    + literal(column.comment()))
        .collect(Collectors.joining(",\n", "(\n", ")"));
  }

  private static TableColumn column(TableCatalog table, String name) {
    return table.columns().stream()
        .filter(column -> column.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot render table %s: no column %s".formatted(table.name(), name)));
  }

  /** A directory as a literal; {@code ${...}} stays as it is, for the runner to substitute. */
  private static String location(String path) {
    return "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static List<String> header(Dialect dialect) {
    String generated =
        "bin/packetlake tables --ddl "
            + dialect.name().toLowerCase(Locale.ROOT)
            + " > conf/ddl/"
            + dialect.fileName();
    return switch (dialect) {
      case HIVE ->
          List.of(
              "The lake's tables as external Parquet tables of a Hive metastore, which every client",
              "of the metastore reads: Hive, Trino, Impala, Spark with Hive support.",
              "",
              "Generated from the table catalogs (" + generated + ");",
              "a test fails when the two disagree, and another runs it against a Hive metastore.",
              "",
              "Replace ${lake} with the lake's root (hdfs:///lake, s3a://bucket/lake):",
              "  beeline -u jdbc:hive2://HOST:10000 --hivevar lake=hdfs:///lake -f "
                  + path(dialect),
              "  spark-sql --conf spark.sql.catalogImplementation=hive -d lake=hdfs:///lake \\",
              "    -f " + path(dialect),
              "The scheduled runs do the same after each run (packetlake register: conf/oozie,",
              "conf/airflow), so the metastore always lists every day the lake holds.",
              "",
              "EXTERNAL, with a LOCATION: DROP TABLE never deletes lake data. IF NOT EXISTS and",
              "MSCK REPAIR TABLE make the file harmless to rerun; MSCK REPAIR TABLE adds the",
              "partitions written since the last time. The metastore creates the directory of a",
              "table that no run has written yet. MLlib vector columns are the struct they are",
              "stored as (type 0 sparse, 1 dense). Names are in backquotes: some are reserved words",
              "in Hive. Comments are literals with Unicode escapes for semicolons and dollar signs,",
              "so that no script runner splits or substitutes inside them.");
      case SPARK ->
          List.of(
              "The lake's tables for Spark's own catalog: an in-memory session catalog (Zeppelin's",
              "default, spark-sql without Hive), which cannot run the STORED AS of",
              "lake-tables-hive.sql. With a Hive metastore, use that file instead.",
              "",
              "Generated from the table catalogs (" + generated + ");",
              "a test fails when the two disagree.",
              "",
              "Replace ${lake} with the lake's root (hdfs:///lake, s3a://bucket/lake, /data/lake).",
              "spark-sql substitutes it itself:",
              "  spark-sql -d lake=hdfs:///lake -f " + path(dialect),
              "In Zeppelin, the notes' \"Register the lake\" paragraph holds the packets and",
              "connections blocks with the lake root as a form (see README.md, \"For analysts\").",
              "",
              "EXTERNAL (a LOCATION): DROP TABLE never deletes lake data. A table created over",
              "existing directories knows no partition until REPAIR TABLE lists them: run the file",
              "(or REPAIR TABLE) again after each scheduled run to see the new days.");
    };
  }

  private static String path(Dialect dialect) {
    return "conf/ddl/" + dialect.fileName();
  }
}
