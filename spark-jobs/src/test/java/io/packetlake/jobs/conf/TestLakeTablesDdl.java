package io.packetlake.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.source.PacketTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * conf/ddl/lake-tables-spark.sql run statement by statement against a lake built from real
 * captures, in an in-memory catalog as an analyst's session has.
 */
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
        spark.sql("SHOW PARTITIONS " + PacketTable.NAME).collectAsList().stream()
            .map(row -> row.getString(0))
            .toList();
    assertThat(packetPartitions)
        .isNotEmpty()
        .allMatch(partition -> partition.contains(PacketTable.CAPTURE_ID + "="));
    long packetDays =
        spark
            .read()
            .parquet(lake.table(PacketTable.NAME))
            .select(PacketTable.DATE)
            .distinct()
            .count();
    assertThat(spark.sql("SHOW PARTITIONS " + ConnectionTable.NAME).count()).isPositive();
    // A query on a partition column is answered by the partition catalog.
    assertThat(spark.table(PacketTable.NAME).select(PacketTable.DATE).distinct().count())
        .isEqualTo(packetDays);
  }

  @Test
  void everyColumnHasItsCatalogTypeAndComment() {
    for (TableCatalog catalog : Pipeline.catalogs()) {
      StructType schema = spark.table(catalog.name()).schema();
      for (TableColumn column : catalog.columns()) {
        String name = catalog.name() + "." + column.name();
        StructField field = schema.apply(column.name());
        // Nullability aside: Spark reads every part of a file column as nullable.
        assertThat(field.dataType().getClass()).as(name).isEqualTo(column.type().getClass());
        assertThat(field.dataType().catalogString())
            .as(name)
            .isEqualTo(column.type().catalogString());
        // A table registered without a column list (the vector tables) takes its partition
        // columns from directory names, which carry no comment.
        if (!TableDdl.hasUserDefinedType(catalog)
            || !catalog.partitionColumns().contains(column.name())) {
          String comment = field.getComment().isDefined() ? field.getComment().get() : null;
          assertThat(comment).as(name).isEqualTo(column.comment());
        }
      }
    }
  }

  @Test
  void sparkSubstitutesTheLakeVariableFromTheSessionConf() throws Exception {
    // What spark-sql -d lake=... relies on: the file's ${lake} resolved by Spark itself.
    String create =
        LakeFixture.ddlStatements(LakeFixture.DDL, TableDdl.LAKE_VARIABLE).stream()
            .filter(statement -> statement.table().equals(ConnectionTable.NAME))
            .map(LakeFixture.DdlStatement::sql)
            .filter(sql -> sql.startsWith("CREATE"))
            .findFirst()
            .orElseThrow();
    assertThat(create).contains(TableDdl.LAKE_VARIABLE);
    String table = TableDdl.identifier(ConnectionTable.NAME);
    String copy = TableDdl.identifier("connections_by_variable");
    spark.conf().set("lake", lake.root());
    spark.sql(create.replace(table, copy));
    // Why the file repairs every table: until then the catalog knows no partition, so no rows.
    assertThat(spark.table("connections_by_variable").count()).isZero();
    spark.sql("REPAIR TABLE " + copy);
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
