package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.source.PacketTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No column of a lake table is named with a word that Hive, Trino or SQL:2016 reserves, so every
 * column can be queried in those engines without quoting. The word lists are test resources under
 * {@code sql-reserved-words/}, each headed by where it was taken from.
 */
final class TestReservedWords {
  /** More lines than any of the lists has by far: a longer resource is not a word list. */
  private static final int MAX_LINES = 2_000;

  /** Column names of the lake's kind that no list reserves; a list that flags one is wrong. */
  private static final List<String> ORDINARY_NAMES =
      List.of("address", "role", "packets", "ports", "grain");

  /** A published list of reserved words, with words it is known to reserve. */
  enum ReservedWordList {
    ANSI_SQL_2016("ansi-sql-2016.txt", 300, List.of("date", "timestamp", "end", "select")),
    HIVE("hive.txt", 100, List.of("date", "timestamp", "select")),
    TRINO("trino.txt", 50, List.of("end", "select"));

    private final String fileName;
    private final int minimumSize;
    private final List<String> knownWords;

    ReservedWordList(String fileName, int minimumSize, List<String> knownWords) {
      this.fileName = requireNonNull(fileName, "fileName is null");
      this.minimumSize = minimumSize;
      this.knownWords = List.copyOf(knownWords);
    }

    String resource() {
      return "/sql-reserved-words/" + fileName;
    }

    /** The list's words, lower-cased; comment lines ({@code #}) and blank lines are skipped. */
    Set<String> words() {
      try (InputStream stream = TestReservedWords.class.getResourceAsStream(resource())) {
        if (stream == null) {
          throw new IllegalStateException(
              "Cannot read %s: not on the class path".formatted(resource()));
        }
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        Set<String> words = new LinkedHashSet<>();
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (lineNumber > MAX_LINES) {
            throw new IllegalStateException(
                "Cannot read %s: more than %s lines".formatted(resource(), MAX_LINES));
          }
          String word = line.strip();
          if (!word.isEmpty() && !word.startsWith("#")) {
            words.add(word.toLowerCase(Locale.ROOT));
          }
        }
        return words;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource(), e);
      }
    }
  }

  /** A column name found in one or more of the lists. */
  record ReservedName(String table, String kind, String column, List<ReservedWordList> lists) {
    @Override
    public String toString() {
      return "%s.%s (%s) is reserved in %s"
          .formatted(
              table,
              column,
              kind,
              lists.stream().map(ReservedWordList::name).collect(Collectors.joining(", ")));
    }
  }

  @Test
  void noLakeColumnOrPartitionColumnIsAReservedWord() {
    List<TableCatalog> catalogs = Pipeline.catalogs();
    assertThat(catalogs).contains(PacketTable.CATALOG);

    assertThat(reservedNames(catalogs, allLists()))
        .as(
            "Columns of the lake named with a reserved word (rename them, or every query in Hive,"
                + " Trino or standard SQL must quote them)")
        .isEmpty();
  }

  @Test
  void aReservedColumnNameIsReportedWithItsTableAndListsWhateverItsCase() {
    TableCatalog table =
        new TableCatalog(
            "example",
            "a table that names columns with reserved words",
            List.of(
                TableColumn.required("start", DataTypes.TimestampType, "when it began"),
                TableColumn.required("End", DataTypes.TimestampType, "when it ended"),
                TableColumn.required("address", DataTypes.StringType, "where it was"),
                TableColumn.required("date", DataTypes.DateType, "the day it began")),
            List.of("date"));

    assertThat(reservedNames(List.of(table), allLists()))
        .extracting(ReservedName::toString)
        .containsExactly(
            "example.start (column) is reserved in ANSI_SQL_2016, HIVE",
            "example.End (column) is reserved in ANSI_SQL_2016, HIVE, TRINO",
            "example.date (column) is reserved in ANSI_SQL_2016, HIVE",
            "example.date (partition column) is reserved in ANSI_SQL_2016, HIVE");
  }

  @ParameterizedTest
  @EnumSource(ReservedWordList.class)
  void listIsReadAndHoldsTheWordsItIsKnownToReserve(ReservedWordList list) {
    Set<String> words = list.words();

    assertThat(words).as(list.resource()).hasSizeGreaterThanOrEqualTo(list.minimumSize);
    assertThat(words).as(list.resource()).containsAll(list.knownWords);
    assertThat(words).as(list.resource()).doesNotContainAnyElementsOf(ORDINARY_NAMES);
    assertThat(words).as(list.resource()).allMatch(word -> word.matches("[a-z][a-z0-9_-]*"));
  }

  private static Map<ReservedWordList, Set<String>> allLists() {
    Map<ReservedWordList, Set<String>> lists = new EnumMap<>(ReservedWordList.class);
    for (ReservedWordList list : ReservedWordList.values()) {
      lists.put(list, list.words());
    }
    return lists;
  }

  /** Every column and partition column of the tables whose name is in a list, in table order. */
  private static List<ReservedName> reservedNames(
      List<TableCatalog> tables, Map<ReservedWordList, Set<String>> lists) {
    List<ReservedName> reserved = new ArrayList<>();
    for (TableCatalog table : tables) {
      for (String column : table.columnNames()) {
        check(table.name(), "column", column, lists).ifPresent(reserved::add);
      }
      for (String partition : table.partitionColumns()) {
        check(table.name(), "partition column", partition, lists).ifPresent(reserved::add);
      }
    }
    return reserved;
  }

  private static Optional<ReservedName> check(
      String table, String kind, String column, Map<ReservedWordList, Set<String>> lists) {
    String word = column.toLowerCase(Locale.ROOT);
    List<ReservedWordList> reservedIn =
        lists.entrySet().stream()
            .filter(entry -> entry.getValue().contains(word))
            .map(Map.Entry::getKey)
            .toList();
    return reservedIn.isEmpty()
        ? Optional.empty()
        : Optional.of(new ReservedName(table, kind, column, reservedIn));
  }
}
