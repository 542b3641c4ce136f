package io.packetlake.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.cli.PacketlakeCommand;
import io.packetlake.jobs.cli.RegisterCommand;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeChecksums;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.ql.metadata.Table;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.hive.HiveExternalCatalog;
import org.apache.spark.sql.hive.client.HiveClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * conf/ddl/lake-tables-hive.sql against a real Hive metastore (Hive 2.3 as Spark embeds it, on a
 * Derby database in a temporary directory) over a lake built from real captures.
 *
 * <p>The file's statements run through Hive's own SQL driver, the parser beeline and the Hive CLI
 * use, stricter than Spark's about reserved words and literals; {@code packetlake register}, which
 * the schedules run, runs the same statements through Spark's parser. The metastore is then read in
 * its own terms (Hive's {@code Table}: columns, type strings, comments, partition keys), which is
 * what Trino and Hive see; queries go through Spark, which reads the tables' Parquet files with its
 * own reader ({@code spark.sql.hive.convertMetastoreParquet}, on by default) and so reads every
 * timestamp encoding the lake writes.
 */
final class TestHiveMetastoreDdl {
  private static final String VECTOR_STRUCT =
      "struct<type:tinyint,size:int,indices:array<int>,values:array<double>>";

  private static final String SPARK_TESTING = "spark.testing";

  private static SparkSession spark;
  private static HiveClient hive;
  private static Lake lake;

  @TempDir static Path directory;

  @BeforeAll
  static void buildLakeAndRegister() throws Exception {
    System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
    spark =
        TestSessions.builder("TestHiveMetastoreDdl")
            .config("spark.sql.catalogImplementation", "hive")
            .config("spark.sql.warehouse.dir", directory.resolve("warehouse").toUri().toString())
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + directory.resolve("metastore_db") + ";create=true")
            .config("spark.hadoop.hive.exec.scratchdir", directory.resolve("scratch").toString())
            .config(
                "spark.hadoop.hive.exec.local.scratchdir",
                directory.resolve("local-scratch").toString())
            .getOrCreate();
    // Spark's client of the metastore: Hive's own driver and Hive's view of a table.
    hive = ((HiveExternalCatalog) spark.sharedState().externalCatalog().unwrapped()).client();
    lake = LakeFixture.build(spark, directory);
    runHiveDdl();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void fileRegistersEveryTableOfThePipeline() throws Exception {
    List<LakeFixture.DdlStatement> statements =
        LakeFixture.ddlStatements(LakeFixture.HIVE_DDL, lake.root());
    assertThat(statements.stream().map(LakeFixture.DdlStatement::table).distinct())
        .containsExactlyElementsOf(Pipeline.tables());
    assertThat(statements)
        .extracting(statement -> statement.sql().split(" ")[0])
        .containsOnly("CREATE", "MSCK");
    assertThat(spark.catalog().listTables().collectAsList())
        .extracting(table -> table.name())
        .containsExactlyInAnyOrderElementsOf(Pipeline.tables());
  }

  @Test
  void metastoreHoldsEveryColumnWithItsHiveTypeAndComment() {
    assertMetastoreMatchesCatalogs();
  }

  @Test
  void vectorsAreTheStructTheyAreStoredAs() {
    int vectors = 0;
    for (TableCatalog catalog : Pipeline.catalogs()) {
      Map<String, FieldSchema> columns = new LinkedHashMap<>();
      table(catalog.name()).getCols().forEach(column -> columns.put(column.getName(), column));
      for (TableColumn column : catalog.columns()) {
        if (column.type().equals(SQLDataTypes.VectorType())) {
          assertThat(columns.get(column.name()).getType()).isEqualTo(VECTOR_STRUCT);
          vectors++;
        }
      }
    }
    assertThat(vectors).isPositive();
  }

  @Test
  void metastoreListsEveryPartitionDirectoryOfTheLake() throws IOException {
    for (TableCatalog catalog : Pipeline.catalogs()) {
      Set<String> listed =
          spark
              .sql("SHOW PARTITIONS " + TableDdl.identifier(catalog.name()))
              .collectAsList()
              .stream()
              .map(row -> row.getString(0))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(listed).as(catalog.name()).isNotEmpty().isEqualTo(partitionDirectories(catalog));
    }
  }

  @Test
  void queriesReturnTheRowsOfTheParquetFiles() {
    for (TableCatalog catalog : Pipeline.catalogs()) {
      Dataset<Row> viaMetastore = spark.table(catalog.name());
      Dataset<Row> viaFiles = spark.read().parquet(lake.table(catalog.name()));
      LakeChecksums.Checksum expected = LakeChecksums.of(inCatalogOrder(viaFiles, catalog));
      assertThat(expected.rows()).as(catalog.name()).isPositive();
      assertThat(LakeChecksums.of(inCatalogOrder(viaMetastore, catalog)))
          .as(catalog.name())
          .isEqualTo(expected);
      // Partition pruning answers from the metastore's partitions.
      String outermost = catalog.partitionColumns().get(0);
      Row first = viaFiles.select(outermost).orderBy(outermost).first();
      assertThat(viaMetastore.where(functions.col(outermost).equalTo(first.get(0))).count())
          .as(catalog.name())
          .isEqualTo(viaFiles.where(functions.col(outermost).equalTo(first.get(0))).count());
    }
  }

  @Test
  void rerunningTheFileChangesNothing() throws Exception {
    Map<String, Long> before = rowCounts();
    Map<String, Integer> partitions = partitionCounts();
    runHiveDdl();
    assertThat(rowCounts()).isEqualTo(before);
    assertThat(partitionCounts()).isEqualTo(partitions);
  }

  @Test
  void droppingTheTablesKeepsTheLakeAndRegisterBringsThemBack() throws Exception {
    Map<String, Long> before = rowCounts();
    Map<String, Long> files = lakeFiles();
    assertThat(files).isNotEmpty();
    for (String table : Pipeline.tables()) {
      spark.sql("DROP TABLE " + TableDdl.identifier(table));
    }
    assertThat(spark.catalog().listTables().collectAsList()).isEmpty();
    assertThat(lakeFiles()).as("the lake's files after DROP TABLE").isEqualTo(files);

    StringWriter output = new StringWriter();
    StringWriter errors = new StringWriter();
    CommandLine command =
        PacketlakeCommand.commandLine()
            .setOut(new PrintWriter(output))
            .setErr(new PrintWriter(errors));
    int exitCode =
        command.execute(RegisterCommand.NAME, "--lake", lake.root(), "--local-metastore");
    assertThat(exitCode).as(errors.toString()).isZero();
    assertThat(output.toString().lines())
        .hasSize(Pipeline.tables().size())
        .allSatisfy(line -> assertThat(line).contains("registered in default"));
    assertThat(rowCounts()).isEqualTo(before);
    assertMetastoreMatchesCatalogs();
  }

  @Test
  void registerCreatesAgainATableWhoseColumnsChanged() throws Exception {
    // As after a column was renamed or added in the code: the metastore's columns are stale.
    TableCatalog changed = Pipeline.catalogs().get(1);
    long rows = spark.table(changed.name()).count();
    spark.sql("ALTER TABLE " + TableDdl.identifier(changed.name()) + " ADD COLUMNS (stale int)");
    StringWriter output = new StringWriter();
    CommandLine command = PacketlakeCommand.commandLine().setOut(new PrintWriter(output));
    assertThat(command.execute(RegisterCommand.NAME, "--lake", lake.root(), "--local-metastore"))
        .isZero();
    assertThat(output.toString().lines())
        .filteredOn(line -> line.contains("re-created"))
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith(changed.name() + " "));
    assertThat(spark.table(changed.name()).count()).isEqualTo(rows);
    assertMetastoreMatchesCatalogs();
  }

  @Test
  void registerRefusesAMetastoreLocalToTheProcessUnlessAsked() {
    StringWriter errors = new StringWriter();
    CommandLine command = PacketlakeCommand.commandLine().setErr(new PrintWriter(errors));
    assertThat(command.execute(RegisterCommand.NAME, "--lake", lake.root())).isEqualTo(1);
    assertThat(errors.toString())
        .contains("no Hive metastore is configured")
        .contains("spark.hadoop.hive.metastore.uris");
  }

  /**
   * Every statement of the Hive DDL file through Hive's own driver. Spark opens that door to tests
   * only (it asserts {@code spark.testing}), so the property is set for these calls alone.
   */
  private static void runHiveDdl() throws IOException {
    List<LakeFixture.DdlStatement> statements =
        LakeFixture.ddlStatements(LakeFixture.HIVE_DDL, lake.root());
    System.setProperty(SPARK_TESTING, "true");
    try {
      for (LakeFixture.DdlStatement statement : statements) {
        hive.runSqlHive(statement.sql());
      }
    } finally {
      System.clearProperty(SPARK_TESTING);
    }
  }

  /** Hive's own record of every table: what Trino and Hive read, not Spark's table properties. */
  private static void assertMetastoreMatchesCatalogs() {
    for (TableCatalog catalog : Pipeline.catalogs()) {
      Table table = table(catalog.name());
      assertThat(table.getTableType().name()).isEqualTo("EXTERNAL_TABLE");
      assertThat(table.getParameters().get("comment")).isEqualTo(catalog.description());
      assertThat(Paths.get(table.getDataLocation().toUri()))
          .isEqualTo(Paths.get(lake.table(catalog.name())).toAbsolutePath());
      assertThat(table.getSerializationLib()).endsWith("ParquetHiveSerDe");
      List<String> expectedData = new ArrayList<>();
      List<String> expectedPartitions = new ArrayList<>();
      for (TableColumn column : catalog.columns()) {
        String described = described(column.name(), hiveType(column), metastoreComment(column));
        if (!catalog.partitionColumns().contains(column.name())) {
          expectedData.add(described);
        }
      }
      for (String name : catalog.partitionColumns()) {
        TableColumn column =
            catalog.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        expectedPartitions.add(described(name, hiveType(column), metastoreComment(column)));
      }
      assertThat(table.getCols())
          .as(catalog.name())
          .extracting(c -> described(c.getName(), c.getType(), c.getComment()))
          .containsExactlyElementsOf(expectedData);
      assertThat(table.getPartitionKeys())
          .as(catalog.name())
          .extracting(c -> described(c.getName(), c.getType(), c.getComment()))
          .containsExactlyElementsOf(expectedPartitions);
    }
  }

  private static Table table(String name) {
    return (Table) hive.getRawHiveTable("default", name).rawTable();
  }

  /** The Hive type as the metastore stores it: no quotes around struct field names. */
  private static String hiveType(TableColumn column) {
    return TableDdl.typeName(Dialect.HIVE, column.type()).replace("`", "");
  }

  private static String metastoreComment(TableColumn column) {
    return column.comment();
  }

  private static String described(String name, String type, String comment) {
    return name + " " + type + " '" + comment + "'";
  }

  private static Dataset<Row> inCatalogOrder(Dataset<Row> rows, TableCatalog catalog) {
    return rows.select(
        catalog.columnNames().stream()
            .map(name -> functions.col(TableDdl.identifier(name)))
            .toArray(Column[]::new));
  }

  /** {@code a=1/b=2} of every directory that holds a partition's data files, as Hive names them. */
  private static Set<String> partitionDirectories(TableCatalog catalog) throws IOException {
    Path root = Paths.get(lake.table(catalog.name()));
    int depth = catalog.partitionColumns().size();
    try (Stream<Path> paths = Files.walk(root, depth)) {
      return paths
          .filter(Files::isDirectory)
          .map(root::relativize)
          .filter(relative -> relative.getNameCount() == depth && !relative.toString().isEmpty())
          .filter(
              relative ->
                  Stream.of(relative.toString().split("/"))
                      .noneMatch(name -> name.startsWith(".") || name.startsWith("_")))
          .map(relative -> relative.toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : Pipeline.tables()) {
      counts.put(table, spark.table(table).count());
    }
    return counts;
  }

  private static Map<String, Integer> partitionCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String table : Pipeline.tables()) {
      counts.put(table, hive.getPartitions("default", table, scala.Option.empty()).size());
    }
    return counts;
  }

  /** Every file of the lake with its size. */
  private static Map<String, Long> lakeFiles() throws IOException {
    Path root = Paths.get(lake.root());
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, Long> files = new TreeMap<>();
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.size(file));
      }
      return files;
    }
  }
}
