package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The documents that list the lake's columns say what the table catalogs declare. */
final class TestTableDocs {
  private static final Path DOCS = Paths.get("..", "docs").toAbsolutePath().normalize();

  /** {@code table.column} in backquotes, as docs/SEED-FEATURES.md names columns. */
  private static final Pattern COLUMN_REFERENCE = Pattern.compile("`([a-z_]+)\\.([a-z_]+)`");

  private static final Pattern ITEM = Pattern.compile("^\\| ([A-D][0-9]+) \\|", Pattern.MULTILINE);

  @Test
  void tablesDocumentIsTheCatalogsRendering() throws Exception {
    String written = Files.readString(DOCS.resolve("TABLES.md"), StandardCharsets.UTF_8);
    assertThat(written)
        .as("docs/TABLES.md is out of date: bin/packetlake tables > docs/TABLES.md")
        .isEqualTo(TableDocs.markdown(Pipeline.catalogs()));
  }

  @Test
  void everyColumnOfTheRenderingHasAMeaning() {
    for (TableCatalog table : Pipeline.catalogs()) {
      assertThat(table.columns())
          .as(table.name())
          .allSatisfy(
              column ->
                  assertThat(column.comment())
                      .as(column.name())
                      .isNotBlank()
                      .doesNotContainPattern("Seed [A-D][0-9]"));
    }
  }

  @Test
  void seedFeatureListNamesOnlyColumnsThatExistAndEveryItem() throws Exception {
    String mapping = Files.readString(DOCS.resolve("SEED-FEATURES.md"), StandardCharsets.UTF_8);
    Matcher references = COLUMN_REFERENCE.matcher(mapping);
    Set<String> named = new LinkedHashSet<>();
    while (references.find()) {
      named.add(references.group(1) + "." + references.group(2));
    }
    Set<String> declared = new LinkedHashSet<>();
    for (TableCatalog table : Pipeline.catalogs()) {
      table.columnNames().forEach(column -> declared.add(table.name() + "." + column));
    }
    assertThat(named).hasSizeGreaterThan(40);
    assertThat(declared).containsAll(named);

    Matcher items = ITEM.matcher(mapping);
    Set<String> listed = new LinkedHashSet<>();
    while (items.find()) {
      listed.add(items.group(1));
    }
    List<String> founding =
        Stream.of(
                IntStream.rangeClosed(1, 18).mapToObj(item -> "A" + item),
                IntStream.rangeClosed(1, 16).mapToObj(item -> "B" + item),
                IntStream.rangeClosed(1, 7).mapToObj(item -> "C" + item),
                IntStream.rangeClosed(1, 3).mapToObj(item -> "D" + item))
            .flatMap(stream -> stream)
            .toList();
    assertThat(listed).containsExactlyElementsOf(founding);
  }
}
