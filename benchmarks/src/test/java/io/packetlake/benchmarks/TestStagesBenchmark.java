package io.packetlake.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.jobs.TestSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages harness at a tiny size: every row present with sane figures; no speed asserted. */
class TestStagesBenchmark {
  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestStagesBenchmark");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void reportHasEveryStageWithFigures() throws Exception {
    Path report = directory.resolve("PERFORMANCE.md");
    Files.writeString(
        report,
        "# Performance\n\nprose before\n\n<!-- bench stages: begin -->\nold table\n"
            + "<!-- bench stages: end -->\n\nprose after\n",
        StandardCharsets.UTF_8);
    StringWriter printed = new StringWriter();
    StagesBenchmark.Options options =
        new StagesBenchmark.Options(
            256L << 10,
            null,
            1,
            directory.resolve("work"),
            Set.of("tshark", "framing-process", "decoding-records"),
            false,
            false,
            report);

    String table = new StagesBenchmark(spark, options, new PrintWriter(printed)).run();

    List<String> expected = new ArrayList<>(StagesBenchmark.STAGES);
    expected.removeAll(List.of("tshark", "framing-process", "decoding-records"));
    if (!StagesBenchmark.onPath("cat")) {
      expected.remove("cat");
    }
    List<String> rows = table.lines().filter(line -> line.startsWith("| ")).skip(1).toList();
    assertThat(rows).extracting(row -> cells(row)[0]).containsExactlyElementsOf(expected);
    for (String row : rows) {
      String[] cells = cells(row);
      assertThat(number(cells[2])).as("packets/s of %s", cells[0]).isPositive();
      assertThat(number(cells[3])).as("MB/s of %s", cells[0]).isPositive();
      assertThat(number(cells[4].split(" ")[0])).as("seconds of %s", cells[0]).isPositive();
    }
    assertThat(table).startsWith("Machine: ").contains("packets (");
    assertThat(rows.get(expected.indexOf("framing")))
        .as("framing is its own ratio")
        .endsWith("| 1.000 |");
    assertThat(printed.toString()).contains(table);
    String written = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(written)
        .startsWith("# Performance\n\nprose before\n\n<!-- bench stages: begin -->\n")
        .contains(table)
        .doesNotContain("old table")
        .endsWith("<!-- bench stages: end -->\n\nprose after\n");
  }

  @Test
  void unknownStageIsRejected() {
    assertThatThrownBy(
            () ->
                new StagesBenchmark.Options(
                    1L << 20, null, 1, directory, Set.of("ingestion"), false, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot skip stage 'ingestion': stages are cat, read, framing");
  }

  private static String[] cells(String row) {
    String[] parts = row.substring(2, row.length() - 2).split(" \\| ");
    for (int index = 0; index < parts.length; index++) {
      parts[index] = parts[index].trim();
    }
    return parts;
  }

  private static double number(String text) {
    return Double.parseDouble(text.replace(",", ""));
  }
}
