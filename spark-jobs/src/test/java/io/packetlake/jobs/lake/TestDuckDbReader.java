package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.conf.LakeFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every table of a lake built from real captures, read by two Parquet readers that share no code:
 * Spark's and DuckDB's (embedded, through JDBC). Both must see the catalog's columns and the same
 * rows as often, value for value in the canonical forms of {@link CanonicalValues}. Table and
 * column names and types come from {@link Pipeline#catalogs()}, never from this class.
 *
 * <p>DuckDB reads every {@code .parquet} file under a table's directory, at any depth, with Hive
 * partitioning; it takes the partition values as text ({@code hive_types_autocast = false}) and
 * casts them to the catalog's types, so that a value it would guess another type for (a capture id
 * of digits only) is read as declared.
 */
final class TestDuckDbReader {
  /** The DuckDB type a partition column of each Spark type is cast to. */
  private static final Map<DataType, String> PARTITION_TYPES =
      Map.of(
          DataTypes.StringType, "VARCHAR",
          DataTypes.DateType, "DATE",
          DataTypes.IntegerType, "INTEGER",
          DataTypes.LongType, "BIGINT",
          DataTypes.ShortType, "SMALLINT",
          DataTypes.ByteType, "TINYINT",
          DataTypes.BooleanType, "BOOLEAN");

  private static SparkSession spark;
  private static Lake lake;
  private static Connection duckDb;

  @BeforeAll
  static void openReaders() throws Exception {
    spark = LakeFixture.session("TestDuckDbReader");
    lake = LakeFixture.shared(spark);
    duckDb = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void closeReaders() throws SQLException {
    try {
      if (duckDb != null) {
        duckDb.close();
      }
    } finally {
      spark.stop();
    }
  }

  static Stream<Named<TableCatalog>> tables() {
    return Pipeline.catalogs().stream().map(table -> Named.of(table.name(), table));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void duckDbReadsTheRowsSparkReads(TableCatalog table) throws SQLException {
    Dataset<Row> sparkTable = spark.read().parquet(lake.table(table.name()));
    assertThat(sparkTable.columns())
        .as("columns Spark reads from %s", table.name())
        .containsExactlyInAnyOrderElementsOf(table.columnNames());
    assertThat(duckDbColumns(table))
        .as("columns DuckDB reads from %s", table.name())
        .containsExactlyInAnyOrderElementsOf(table.columnNames());

    long count = sparkTable.count();
    assertThat(count).as("rows of %s", table.name()).isPositive().isEqualTo(duckDbCount(table));
    List<CanonicalRow> sparkRows = sparkRows(table, sparkTable);
    List<CanonicalRow> duckDbRows = duckDbRows(table);
    assertThat(sparkRows).hasSize(Math.toIntExact(count));
    assertThat(duckDbRows).hasSize(Math.toIntExact(count));
    assertThat(CanonicalRow.differences("Spark", sparkRows, "DuckDB", duckDbRows))
        .as("rows of %s", table.name())
        .isEmpty();
  }

  /** The comparison sees one changed value and one missing row in a real table's rows. */
  @Test
  void aChangedValueOrAMissingRowIsSeen() throws SQLException {
    TableCatalog table = Pipeline.catalogs().get(0);
    List<CanonicalRow> rows = duckDbRows(table);
    assertThat(rows).hasSizeGreaterThan(1);
    assertThat(CanonicalRow.differences("Spark", rows, "DuckDB", rows)).isEmpty();

    String column = table.columnNames().get(table.columnNames().size() - 1);
    CanonicalRow row = rows.get(rows.size() / 2);
    Object value = row.values().get(column);
    List<CanonicalRow> changed = new ArrayList<>(rows);
    changed.set(rows.size() / 2, row.with(column, value == null ? "changed" : null));
    assertThat(CanonicalRow.differences("Spark", rows, "DuckDB", changed))
        .startsWith(
            "1 of %1$s rows only Spark reads; 1 of %1$s rows only DuckDB reads"
                .formatted(rows.size()))
        .contains("they differ in: " + column + " (Spark " + CanonicalValues.render(value));

    List<CanonicalRow> missing = rows.subList(1, rows.size());
    assertThat(CanonicalRow.differences("Spark", rows, "DuckDB", missing))
        .startsWith(
            "1 of %s rows only Spark reads; 0 of %s rows only DuckDB reads"
                .formatted(rows.size(), rows.size() - 1))
        .contains(rows.get(0).text());
  }

  /**
   * Every column of every file of every table is stored in a Parquet type that readers other than
   * Spark agree on: no INT96 (deprecated by Parquet; its time zone is a convention each reader
   * follows or not), and each timestamp column an INT64 TIMESTAMP of microseconds adjusted to UTC,
   * which is what Spark's timestamp type means.
   */
  @Test
  void noFileStoresInt96() throws SQLException {
    Map<String, Set<String>> filesByProblem = new TreeMap<>();
    int timestampColumnsSeen = 0;
    for (TableCatalog table : Pipeline.catalogs()) {
      Set<String> timestampColumns =
          table.columns().stream()
              .filter(column -> column.type().equals(DataTypes.TimestampType))
              .map(TableColumn::name)
              .collect(Collectors.toSet());
      for (ParquetColumn column : parquetColumns(table)) {
        String where = table.name() + "." + column.path();
        boolean timestamp = column.depth() == 1 && timestampColumns.contains(column.path());
        if (timestamp) {
          timestampColumnsSeen++;
        }
        String problem = null;
        if (column.physicalType().equals("INT96")) {
          problem = where + " is INT96";
        } else if (timestamp && !isMicrosecondTimestamp(column)) {
          problem =
              "%s is %s with logical type %s, not a TIMESTAMP of MICROS adjusted to UTC"
                  .formatted(where, column.physicalType(), column.logicalType());
        }
        if (problem != null) {
          filesByProblem.computeIfAbsent(problem, key -> new TreeSet<>()).add(column.file());
        }
      }
    }
    assertThat(timestampColumnsSeen).as("timestamp columns in the lake's files").isPositive();
    assertThat(
            filesByProblem.entrySet().stream()
                .map(
                    problem ->
                        "%s in %s files, e.g. %s"
                            .formatted(
                                problem.getKey(),
                                problem.getValue().size(),
                                problem.getValue().iterator().next()))
                .toList())
        .as("Parquet columns a reader other than Spark may read differently")
        .isEmpty();
  }

  private static boolean isMicrosecondTimestamp(ParquetColumn column) {
    String logical = String.valueOf(column.logicalType());
    return column.physicalType().equals("INT64")
        && logical.startsWith("TimestampType(isAdjustedToUTC=1,")
        && logical.contains("MICROS=MicroSeconds()");
  }

  private static List<CanonicalRow> sparkRows(TableCatalog table, Dataset<Row> sparkTable) {
    List<CanonicalRow> rows = new ArrayList<>();
    for (Row row : sparkTable.collectAsList()) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (TableColumn column : table.columns()) {
        Object value = row.get(row.fieldIndex(column.name()));
        values.put(
            column.name(),
            CanonicalValues.fromSpark(value, column.type(), "Spark " + where(table, column)));
      }
      rows.add(CanonicalRow.of(values));
    }
    return rows;
  }

  private static List<CanonicalRow> duckDbRows(TableCatalog table) throws SQLException {
    List<CanonicalRow> rows = new ArrayList<>();
    try (Statement statement = duckDb.createStatement();
        ResultSet result = statement.executeQuery(duckDbSelect(table))) {
      Map<String, Integer> indexes = new LinkedHashMap<>();
      for (String column : table.columnNames()) {
        indexes.put(column, result.findColumn(column));
      }
      while (result.next()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (TableColumn column : table.columns()) {
          String where = "DuckDB " + where(table, column);
          Object value = duckDbValue(result, indexes.get(column.name()), column.type(), where);
          values.put(column.name(), CanonicalValues.fromDuckDb(value, column.type(), where));
        }
        rows.add(CanonicalRow.of(values));
      }
    }
    return rows;
  }

  /**
   * A column's value as the driver returns it, except timestamps, asked for as {@code java.time}
   * values: Parquet's INT96 and its timestamps not adjusted to UTC are DuckDB {@code TIMESTAMP}s,
   * whose wall time is UTC for files Spark wrote; timestamps adjusted to UTC are {@code TIMESTAMP
   * WITH TIME ZONE}.
   */
  private static Object duckDbValue(ResultSet result, int index, DataType type, String where)
      throws SQLException {
    if (result.getObject(index) == null || !type.equals(DataTypes.TimestampType)) {
      return result.getObject(index);
    }
    String duckDbType = result.getMetaData().getColumnTypeName(index);
    return switch (duckDbType) {
      case "TIMESTAMP" -> result.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
      case "TIMESTAMP WITH TIME ZONE" -> result.getObject(index, OffsetDateTime.class).toInstant();
      default -> throw new AssertionError(where + ": a timestamp read as " + duckDbType);
    };
  }

  private static List<String> duckDbColumns(TableCatalog table) throws SQLException {
    try (Statement statement = duckDb.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT * FROM " + readParquet(table) + " LIMIT 0")) {
      ResultSetMetaData metadata = result.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int index = 1; index <= metadata.getColumnCount(); index++) {
        columns.add(metadata.getColumnName(index));
      }
      return columns;
    }
  }

  private static long duckDbCount(TableCatalog table) throws SQLException {
    try (Statement statement = duckDb.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + readParquet(table))) {
      result.next();
      return result.getLong(1);
    }
  }

  /** The table's columns in catalog order, partition columns cast to the catalog's types. */
  private static String duckDbSelect(TableCatalog table) {
    List<String> columns = new ArrayList<>();
    for (TableColumn column : table.columns()) {
      String name = identifier(column.name());
      if (!table.partitionColumns().contains(column.name())) {
        columns.add(name);
        continue;
      }
      String type = PARTITION_TYPES.get(column.type());
      if (type == null) {
        throw new IllegalStateException(
            "Cannot read partition column %s: no DuckDB type for %s"
                .formatted(where(table, column), column.type()));
      }
      columns.add("CAST(%s AS %s) AS %s".formatted(name, type, name));
    }
    return "SELECT " + String.join(", ", columns) + " FROM " + readParquet(table);
  }

  private static String readParquet(TableCatalog table) {
    return "read_parquet(%s, hive_partitioning = true, hive_types_autocast = false)"
        .formatted(literal(files(table)));
  }

  private static String files(TableCatalog table) {
    return lake.table(table.name()) + "/**/*.parquet";
  }

  /**
   * The schema elements of every file of a table, as DuckDB's {@code parquet_schema} lists them:
   * each file's root first, then its fields depth first, each group followed by its children.
   */
  private static List<ParquetColumn> parquetColumns(TableCatalog table) throws SQLException {
    List<ParquetColumn> columns = new ArrayList<>();
    String query =
        "SELECT file_name, name, type, num_children, logical_type FROM parquet_schema(%s)"
                .formatted(literal(files(table)))
            + " ORDER BY file_name, column_id";
    try (Statement statement = duckDb.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      String file = null;
      // The groups the next element belongs to, innermost first, with how many children each
      // still has to come; the root's name is not part of a path.
      Deque<SchemaGroup> groups = new ArrayDeque<>();
      while (result.next()) {
        String name = result.getString("name");
        long children = result.getLong("num_children");
        if (!result.getString("file_name").equals(file)) {
          file = result.getString("file_name");
          groups.clear();
          groups.push(new SchemaGroup(null, children));
          continue;
        }
        SchemaGroup parent = groups.peek();
        if (parent == null) {
          throw new IllegalStateException(
              "Cannot read the schema of " + file + ": more fields than its root has");
        }
        parent.remaining--;
        List<String> path = new ArrayList<>();
        groups
            .descendingIterator()
            .forEachRemaining(
                group -> {
                  if (group.name != null) {
                    path.add(group.name);
                  }
                });
        path.add(name);
        columns.add(
            new ParquetColumn(
                file,
                String.join(".", path),
                path.size(),
                String.valueOf(result.getString("type")),
                result.getString("logical_type")));
        if (children > 0) {
          groups.push(new SchemaGroup(name, children));
        }
        while (!groups.isEmpty() && groups.peek().remaining == 0) {
          groups.pop();
        }
      }
    }
    return columns;
  }

  private static String where(TableCatalog table, TableColumn column) {
    return table.name() + "." + column.name();
  }

  private static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A group of a Parquet schema being walked, and how many of its children are still to come. */
  private static final class SchemaGroup {
    private final String name;
    private long remaining;

    SchemaGroup(String name, long remaining) {
      this.name = name;
      this.remaining = remaining;
    }
  }

  /**
   * One element of a Parquet file's schema.
   *
   * @param path field names from the top, joined by dots
   * @param depth 1 for a column of the table, more for a field inside one
   * @param physicalType Parquet's physical type ("null" for a group)
   * @param logicalType DuckDB's rendering of the logical type, or null
   */
  private record ParquetColumn(
      String file, String path, int depth, String physicalType, String logicalType) {}
}
