package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import io.packetlake.jobs.lake.TableDdl.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.UserDefinedType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DDL files of conf/ddl are the rendering of the table catalogs, and the rendering's types and
 * literals are what Hive and Spark read. TestHiveMetastoreDdl runs the Hive file against a Hive
 * metastore, TestLakeTablesDdl the Spark file against an in-memory catalog.
 */
final class TestTableDdl {
  /** Spark's SQL parser, without a session. */
  private static final CatalystSqlParser PARSER = CatalystSqlParser$.MODULE$;

  private static final Path DDL = Paths.get("..", "conf", "ddl").toAbsolutePath().normalize();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void fileIsTheCatalogsRendering(Dialect dialect) throws Exception {
    String written = Files.readString(DDL.resolve(dialect.fileName()), StandardCharsets.UTF_8);
    String command = "bin/packetlake tables --ddl " + dialect.name().toLowerCase(Locale.ROOT);
    assertThat(written)
        .as("conf/ddl/%1$s is out of date: %2$s > conf/ddl/%1$s", dialect.fileName(), command)
        .isEqualTo(TableDdl.script(dialect, Pipeline.catalogs(), TableDdl.LAKE_VARIABLE));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyTableIsCreatedAndRepairedAtItsDirectory(Dialect dialect) {
    for (TableCatalog table : Pipeline.catalogs()) {
      List<Statement> statements = TableDdl.statements(dialect, table, "hdfs:///lake");
      assertThat(statements).extracting(Statement::table).containsOnly(table.name());
      assertThat(statements.get(0).sql())
          .startsWith(
              (dialect == Dialect.HIVE ? "CREATE EXTERNAL TABLE" : "CREATE TABLE")
                  + " IF NOT EXISTS `"
                  + table.name()
                  + "`")
          .endsWith("LOCATION 'hdfs:///lake/" + table.name() + "'");
      assertThat(statements.get(1).sql()).endsWith("REPAIR TABLE `" + table.name() + "`");
    }
  }

  @Test
  void hiveTablesNameEveryColumnOnceAndPartitionColumnsInTheirClause() {
    for (TableCatalog table : Pipeline.catalogs()) {
      String create = TableDdl.statements(Dialect.HIVE, table, "/lake").get(0).sql();
      String partitionClause = create.substring(create.indexOf("\nPARTITIONED BY ("));
      for (TableColumn column : table.columns()) {
        String declared = "  `" + column.name() + "` ";
        assertThat(create.split(declared, -1)).as(column.name()).hasSize(2);
        assertThat(partitionClause.contains(declared))
            .as(column.name())
            .isEqualTo(table.partitionColumns().contains(column.name()));
      }
    }
  }

  @Test
  void sparkTablesWithVectorsListNoColumnsAndTheOthersAll() {
    for (TableCatalog table : Pipeline.catalogs()) {
      String create = TableDdl.statements(Dialect.SPARK, table, "/lake").get(0).sql();
      for (TableColumn column : table.columns()) {
        assertThat(create.contains("  `" + column.name() + "` "))
            .as(table.name() + "." + column.name())
            .isEqualTo(!TableDdl.hasUserDefinedType(table));
      }
    }
    assertThat(Pipeline.catalogs()).anyMatch(TableDdl::hasUserDefinedType);
  }

  @Test
  void sparkTypesBecomeHiveTypes() {
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.StringType)).isEqualTo("string");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.LongType)).isEqualTo("bigint");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.IntegerType)).isEqualTo("int");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.BooleanType)).isEqualTo("boolean");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.DoubleType)).isEqualTo("double");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.DateType)).isEqualTo("date");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.BinaryType)).isEqualTo("binary");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.TimestampType)).isEqualTo("timestamp");
    assertThat(TableDdl.typeName(Dialect.SPARK, DataTypes.TimestampType))
        .isEqualTo("timestamp_ltz");
    assertThat(
            TableDdl.typeName(
                Dialect.HIVE, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType)))
        .isEqualTo("map<string,bigint>");
    assertThat(TableDdl.typeName(Dialect.HIVE, DataTypes.createArrayType(DataTypes.StringType)))
        .isEqualTo("array<string>");
    assertThat(TableDdl.typeName(Dialect.HIVE, SQLDataTypes.VectorType()))
        .isEqualTo("struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>>");
    assertThatThrownBy(() -> TableDdl.typeName(Dialect.HIVE, DataTypes.CalendarIntervalType))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot write type interval in HIVE DDL: no table of the lake uses it");
  }

  @Test
  void hiveTypesParseBackToTheCatalogTypes() {
    // Spark reads a Hive table's columns by parsing the type strings the metastore holds. Types
    // are compared by their catalog string: a parsed type's parts are all nullable.
    for (TableCatalog table : Pipeline.catalogs()) {
      for (TableColumn column : table.columns()) {
        String hiveType = TableDdl.typeName(Dialect.HIVE, column.type());
        DataType stored =
            column.type() instanceof UserDefinedType<?> vector ? vector.sqlType() : column.type();
        assertThat(PARSER.parseDataType(hiveType).catalogString())
            .as(table.name() + "." + column.name())
            .isEqualTo(stored.catalogString());
      }
    }
  }

  @Test
  void literalsReadBackAsTheirText() {
    List<String> texts =
        List.of(
            "tshark's ip.frag_offset",
            "a; b",
            "back\\slash",
            "line\nbreak\ttab",
            "${lake} and $1",
            "\"double\"",
            "control \u0001 character");
    for (String text : texts) {
      String literal = TableDdl.literal(text);
      assertThat(literal).doesNotContain(";").doesNotContain("${").doesNotContain("\n");
      Literal parsed = (Literal) PARSER.parseExpression(literal);
      assertThat(parsed.value().toString()).as(literal).isEqualTo(text);
    }
  }

  @Test
  void everyCatalogCommentReadsBackFromItsLiteral() {
    for (TableCatalog table : Pipeline.catalogs()) {
      List<String> texts =
          Stream.concat(
                  Stream.of(table.description()),
                  table.columns().stream().map(TableColumn::comment))
              .toList();
      for (String text : texts) {
        Literal parsed = (Literal) PARSER.parseExpression(TableDdl.literal(text));
        assertThat(parsed.value().toString()).isEqualTo(text);
      }
    }
  }

  @Test
  void aColumnCommentLongerThanTheMetastoreHoldsIsRefused() {
    String fits = "x".repeat(TableColumn.MAX_COMMENT_LENGTH);
    assertThat(TableColumn.required("fits", DataTypes.LongType, fits).comment()).isSameAs(fits);
    assertThatThrownBy(() -> TableColumn.required("long", DataTypes.LongType, fits + "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("long")
        .hasMessageContaining("257 characters");
  }

  @Test
  void locationKeepsTheVariableForTheRunnerToSubstitute() {
    TableCatalog first = Pipeline.catalogs().get(0);
    assertThat(TableDdl.statements(Dialect.HIVE, first, TableDdl.LAKE_VARIABLE).get(0).sql())
        .endsWith("LOCATION '${lake}/" + first.name() + "'");
    assertThat(TableDdl.statements(Dialect.SPARK, first, "/data/o'brien").get(0).sql())
        .endsWith("LOCATION '/data/o\\'brien/" + first.name() + "'");
  }
}
