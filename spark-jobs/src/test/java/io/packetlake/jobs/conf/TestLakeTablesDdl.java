package io.packetlake.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.source.PacketTable;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conf/ddl/lake-tables.sql run statement by statement against a lake built from real captures. */
final class TestLakeTablesDdl {
  private static final List<String> TABLES = Pipeline.tables();

  private static SparkSession spark;
  private static Lake lake;

  @BeforeAll
  static void buildLake() throws Exception {
    spark = LakeFixture.session("TestLakeTablesDdl");
    lake = LakeFixture.shared(spark);
    LakeFixture.registerTables(spark, lake);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void everyBlockCreatesAndRepairsItsTable() throws Exception {
    List<LakeFixture.DdlStatement> statements = LakeFixture.ddlStatements(lake);
    assertThat(statements.stream().map(LakeFixture.DdlStatement::table).distinct())
        .containsExactlyElementsOf(TABLES);
    for (String table : statements.stream().map(LakeFixture.DdlStatement::table).toList()) {
      assertThat(statements.stream().filter(statement -> statement.table().equals(table)))
          .extracting(statement -> statement.sql().split(" ")[0])
          .containsExactly("CREATE", "REPAIR");
    }
    assertThat(statements)
        .allSatisfy(statement -> assertThat(statement.sql()).doesNotContain("${"))
        .filteredOn(statement -> statement.sql().startsWith("CREATE"))
        .allSatisfy(
            statement -> assertThat(statement.sql()).contains(lake.table(statement.table())));
  }

  @Test
  void registeredTablesReturnTheLakeRows() {
    for (String table : TABLES) {
      long viaCatalog = spark.table(table).count();
      long viaFiles = spark.read().parquet(lake.table(table)).count();
      assertThat(viaCatalog).as(table).isPositive().isEqualTo(viaFiles);
    }
  }

  @Test
  void partitionsAreKnownToTheCatalog() {
    List<String> packetPartitions =
        spark.sql("SHOW PARTITIONS packets").collectAsList().stream()
            .map(row -> row.getString(0))
            .toList();
    assertThat(packetPartitions)
        .isNotEmpty()
        .allMatch(partition -> partition.contains("capture_id="));
    long packetDays =
        spark
            .read()
            .parquet(lake.table(PacketTable.NAME))
            .select(PacketTable.DATE)
            .distinct()
            .count();
    assertThat(spark.sql("SHOW PARTITIONS connections").count()).isPositive();
    // A query on a partition column is answered by the partition catalog.
    assertThat(spark.sql("SELECT DISTINCT date FROM packets").count()).isEqualTo(packetDays);
  }

  @Test
  void columnCommentsComeFromTheParquetSchema() {
    String description =
        spark.sql("DESCRIBE TABLE connections").collectAsList().stream()
            .map(Row::toString)
            .collect(Collectors.joining("\n"));
    assertThat(description).contains("originator_address").contains("Address of the other side");
  }

  @Test
  void sparkSubstitutesTheLakeVariableFromTheSessionConf() throws Exception {
    // What spark-sql -d lake=... relies on: the file's ${lake} resolved by Spark itself.
    String raw =
        Files.readAllLines(LakeFixture.DDL).stream()
            .filter(line -> line.startsWith("CREATE TABLE IF NOT EXISTS connections "))
            .findFirst()
            .orElseThrow();
    spark.conf().set("lake", lake.root());
    spark.sql(raw.replace(" connections ", " connections_by_variable ").replace(";", ""));
    // Why the file repairs every table: until then the catalog knows no partition, so no rows.
    assertThat(spark.table("connections_by_variable").count()).isZero();
    spark.sql("REPAIR TABLE connections_by_variable");
    assertThat(spark.table("connections_by_variable").count())
        .isEqualTo(spark.table(ConnectionTable.NAME).count());
  }

  @Test
  void rerunningTheDdlIsHarmless() throws Exception {
    Map<String, Long> before = rowCounts();
    LakeFixture.registerTables(spark, lake);
    assertThat(rowCounts()).isEqualTo(before);
  }

  private static Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, spark.table(table).count());
    }
    return counts;
  }
}
