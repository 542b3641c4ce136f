package io.packetlake.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A row of canonical values ({@link CanonicalValues}) by column name, and its text: two rows are
 * equal exactly when their texts are, so a multiset of rows compares as the sorted list of texts.
 */
record CanonicalRow(Map<String, Object> values, String text) {
  /** Rows a difference report shows on each side. */
  static final int SHOWN_ROWS = 5;

  CanonicalRow {
    values =
        Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    requireNonNull(text, "text is null");
  }

  static CanonicalRow of(Map<String, Object> values) {
    List<String> columns = new ArrayList<>();
    values.forEach((name, value) -> columns.add(name + "=" + CanonicalValues.render(value)));
    return new CanonicalRow(values, "{" + String.join(", ", columns) + "}");
  }

  /** The same row with one column's value replaced. */
  CanonicalRow with(String column, Object value) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException(
          "Cannot replace " + column + ": the row has no such column");
    }
    Map<String, Object> changed = new LinkedHashMap<>(values);
    changed.put(column, value);
    return of(changed);
  }

  /**
   * What tells two multisets of rows apart, or the empty string when they hold the same rows as
   * often: how many rows each holds that the other lacks, the first {@link #SHOWN_ROWS} of them,
   * and for each pair of such rows at the same place in text order (a row and its changed copy sort
   * side by side unless the change is in the first column) the columns whose values differ.
   */
  static String differences(
      String leftName, List<CanonicalRow> left, String rightName, List<CanonicalRow> right) {
    List<CanonicalRow> onlyLeft = new ArrayList<>();
    List<CanonicalRow> onlyRight = new ArrayList<>();
    List<CanonicalRow> sortedLeft = sorted(left);
    List<CanonicalRow> sortedRight = sorted(right);
    int leftIndex = 0;
    int rightIndex = 0;
    while (leftIndex < sortedLeft.size() || rightIndex < sortedRight.size()) {
      int order =
          leftIndex == sortedLeft.size()
              ? 1
              : rightIndex == sortedRight.size()
                  ? -1
                  : sortedLeft.get(leftIndex).text().compareTo(sortedRight.get(rightIndex).text());
      if (order == 0) {
        leftIndex++;
        rightIndex++;
      } else if (order < 0) {
        onlyLeft.add(sortedLeft.get(leftIndex++));
      } else {
        onlyRight.add(sortedRight.get(rightIndex++));
      }
    }
    if (onlyLeft.isEmpty() && onlyRight.isEmpty()) {
      return "";
    }
    StringBuilder report =
        new StringBuilder(
            "%s of %s rows only %s reads; %s of %s rows only %s reads"
                .formatted(
                    onlyLeft.size(),
                    left.size(),
                    leftName,
                    onlyRight.size(),
                    right.size(),
                    rightName));
    for (int index = 0; index < SHOWN_ROWS; index++) {
      CanonicalRow leftRow = index < onlyLeft.size() ? onlyLeft.get(index) : null;
      CanonicalRow rightRow = index < onlyRight.size() ? onlyRight.get(index) : null;
      if (leftRow == null && rightRow == null) {
        break;
      }
      report.append("\n").append(index + 1).append('.');
      if (leftRow != null) {
        report.append("\n  only ").append(leftName).append(": ").append(leftRow.text());
      }
      if (rightRow != null) {
        report.append("\n  only ").append(rightName).append(": ").append(rightRow.text());
      }
      if (leftRow != null && rightRow != null) {
        report.append("\n  they differ in:");
        for (Map.Entry<String, Object> column : leftRow.values().entrySet()) {
          Object rightValue = rightRow.values().get(column.getKey());
          if (!Objects.equals(column.getValue(), rightValue)) {
            report
                .append(' ')
                .append(column.getKey())
                .append(" (")
                .append(leftName)
                .append(' ')
                .append(CanonicalValues.render(column.getValue()))
                .append(", ")
                .append(rightName)
                .append(' ')
                .append(CanonicalValues.render(rightValue))
                .append(')');
          }
        }
      }
    }
    return report.toString();
  }

  private static List<CanonicalRow> sorted(List<CanonicalRow> rows) {
    List<CanonicalRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(CanonicalRow::text));
    return sorted;
  }
}
