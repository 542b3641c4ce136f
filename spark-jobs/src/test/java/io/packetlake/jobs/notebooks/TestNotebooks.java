package io.packetlake.jobs.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.conf.LakeFixture;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code %sql} paragraph of every note in notebooks/ run against a lake built from real
 * captures, after conf/ddl/lake-tables-spark.sql, in a session that has the packetlake functions
 * from spark.sql.extensions as an analyst's interpreter does. Zeppelin dynamic forms take their
 * default value, except {@code lake}, which is the test lake. Each query must return rows.
 *
 * <p>{@code %spark} and {@code %spark.pyspark} paragraphs are not run here (no Scala REPL or Python
 * Spark in the test JVM); they only use the public API the other tests cover.
 */
final class TestNotebooks {
  private static final Path NOTEBOOKS = Paths.get("..", "notebooks").toAbsolutePath().normalize();
  private static final Pattern FORM = Pattern.compile("\\$\\{([A-Za-z_]+)=([^}]*)}");
  private static final Set<String> INTERPRETERS =
      Set.of("%md", "%sql", "%spark.sql", "%spark", "%spark.pyspark", "%pyspark");

  /** The form in which the notes' DDL asks for the lake root. */
  private static final String LAKE_FORM = "${lake=hdfs:///lake}";

  private static SparkSession spark;
  private static Lake lake;

  @BeforeAll
  static void buildLake() throws Exception {
    spark = LakeFixture.session("TestNotebooks");
    lake = LakeFixture.shared(spark);
    LakeFixture.registerTables(spark, lake);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void notesAreZeppelinNotesWithUniqueParagraphIds() throws Exception {
    List<Path> notes = notes();
    assertThat(notes).hasSizeGreaterThanOrEqualTo(4);
    Set<String> noteIds = new HashSet<>();
    for (Path note : notes) {
      JsonNode json = new ObjectMapper().readTree(note.toFile());
      assertThat(json.get("name").asText()).as(note.toString()).isNotBlank();
      assertThat(noteIds.add(json.get("id").asText())).as("unique note id of %s", note).isTrue();
      assertThat(json.get("defaultInterpreterGroup").asText()).isEqualTo("spark");
      Set<String> paragraphIds = new HashSet<>();
      for (JsonNode paragraph : json.get("paragraphs")) {
        assertThat(paragraphIds.add(paragraph.get("id").asText())).isTrue();
        assertThat(INTERPRETERS).contains(interpreter(paragraph.get("text").asText()));
      }
    }
  }

  @Test
  void everySqlParagraphRunsAndReturnsRows() throws Exception {
    List<String> report = new ArrayList<>();
    int queries = 0;
    for (Path note : notes()) {
      JsonNode json = new ObjectMapper().readTree(note.toFile());
      for (JsonNode paragraph : json.get("paragraphs")) {
        String text = paragraph.get("text").asText();
        String interpreter = interpreter(text);
        String name = note.getFileName() + " / " + paragraph.get("title").asText();
        if (!interpreter.equals("%sql") && !interpreter.equals("%spark.sql")) {
          if (!interpreter.equals("%md")) {
            report.add("not run (" + interpreter + "): " + name);
          }
          continue;
        }
        for (String statement : statements(text.substring(interpreter.length()))) {
          List<Row> rows;
          try {
            rows = spark.sql(statement).collectAsList();
          } catch (RuntimeException failure) {
            throw new AssertionError("Cannot run " + name + ":\n" + statement, failure);
          }
          if (isQuery(statement)) {
            queries++;
            assertThat(rows).as("rows of %s:%n%s", name, statement).isNotEmpty();
          }
        }
      }
    }
    System.out.println("Notebook SQL: " + queries + " queries returned rows");
    report.forEach(line -> System.out.println("Notebook paragraph " + line));
    assertThat(queries).isGreaterThanOrEqualTo(20);
  }

  @Test
  void registerParagraphsAreTheCatalogsSparkDdl() throws Exception {
    int paragraphs = 0;
    for (Path note : notes()) {
      JsonNode json = new ObjectMapper().readTree(note.toFile());
      for (JsonNode paragraph : json.get("paragraphs")) {
        String text = paragraph.get("text").asText();
        if (!text.contains("CREATE TABLE")) {
          continue;
        }
        String name = note.getFileName() + " / " + paragraph.get("title").asText();
        List<String> tables =
            text.lines()
                .filter(line -> line.startsWith(TableDdl.BLOCK_PREFIX))
                .map(line -> line.substring(TableDdl.BLOCK_PREFIX.length()).trim())
                .toList();
        assertThat(tables).as("table blocks of %s", name).isNotEmpty();
        List<TableCatalog> catalogs =
            tables.stream()
                .map(
                    table ->
                        Pipeline.catalogs().stream()
                            .filter(catalog -> catalog.name().equals(table))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(name + ": no table " + table)))
                .toList();
        assertThat(text)
            .as(
                "%s is out of date with the table catalogs: replace its blocks with those printed"
                    + " by bin/packetlake tables --ddl spark --lake '%s' %s",
                name, LAKE_FORM, String.join(" ", tables))
            .contains(TableDdl.blocks(Dialect.SPARK, catalogs, LAKE_FORM));
        paragraphs++;
      }
    }
    assertThat(paragraphs).isGreaterThanOrEqualTo(notes().size());
  }

  /** The statements of a paragraph as Zeppelin's SQL interpreter runs them, forms filled in. */
  static List<String> statements(String text) {
    Matcher matcher = FORM.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String value = matcher.group(1).equals("lake") ? lake.root() : matcher.group(2);
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    StringBuilder withoutComments = new StringBuilder();
    for (String line : filled.toString().split("\n")) {
      if (!line.trim().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    // The notes keep semicolons out of literals, so a semicolon ends a statement.
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    return statements;
  }

  private static boolean isQuery(String statement) {
    String start = statement.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return start.equals("SELECT") || start.equals("WITH") || start.equals("SHOW");
  }

  private static String interpreter(String text) {
    String first = text.split("\\s", 2)[0];
    return first.startsWith("%") ? first : "%spark";
  }

  private static List<Path> notes() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(file -> file.toString().endsWith(".zpln")).sorted().toList();
    }
  }
}
