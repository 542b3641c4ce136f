package io.packetlake.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the sizes, durations and instants that command-line options take. */
public final class OptionValues {
  private static final Pattern BYTE_SIZE =
      Pattern.compile("(\\d+)(?:\\.(\\d+))?\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPAN_PART =
      Pattern.compile("(\\d+)(ms|s|m|h|d|w)", Pattern.CASE_INSENSITIVE);

  private OptionValues() {}

  /**
   * Parses a byte count with an optional binary suffix: {@code 1048576}, {@code 512k}, {@code
   * 1.5g}, {@code 2GiB}. The suffixes k, m, g and t are powers of 1024.
   *
   * @throws IllegalArgumentException when the text is not such a size or the size overflows
   */
  public static long parseByteSize(String text) {
    Matcher matcher = BYTE_SIZE.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Cannot parse size: '" + text + "' (expected a number with k, m, g or t, e.g. 2g)");
    }
    int shift =
        switch (matcher.group(3).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    try {
      long whole = Math.multiplyExact(Long.parseLong(matcher.group(1)), 1L << shift);
      String fraction = matcher.group(2);
      if (fraction == null) {
        return whole;
      }
      double part = Double.parseDouble("0." + fraction) * (1L << shift);
      return Math.addExact(whole, (long) part);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("Cannot parse size: '" + text + "' is too large", e);
    }
  }

  /**
   * Parses a duration: ISO-8601 ({@code PT6H}, {@code P2D}) or a run of amounts with units w, d, h,
   * m, s and ms ({@code 3d}, {@code 90m}, {@code 1d12h}).
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static Duration parseSpan(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P")) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("Cannot parse duration: '" + text + "'", e);
      }
    }
    Matcher matcher = SPAN_PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int position = 0;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException(
            "Cannot parse duration: '" + text + "' (expected e.g. 3d, 6h, 90m or PT6H)");
      }
      long amount = Long.parseLong(matcher.group(1));
      Duration part =
          switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "w" -> Duration.ofDays(Math.multiplyExact(amount, 7));
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMillis(amount);
          };
      total = total.plus(part);
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException("Cannot parse duration: '" + text + "' is empty");
    }
    return total;
  }

  /**
   * Parses an instant: ISO-8601 with a zone ({@code 2024-01-01T00:00:00Z}, {@code
   * 2024-01-01T08:00:00+08:00}), or a local date-time or date taken as UTC ({@code 2024-01-01}).
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Instant parseInstant(String text) {
    String trimmed = text.trim();
    try {
      return OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException(
              "Cannot parse instant: '" + text + "' (expected e.g. 2024-01-01T00:00:00Z)", notDate);
        }
      }
    }
  }
}
