package io.packetlake.udfs;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Conversions of the values Spark hands to a Java UDF. The functions take {@code Object} so that an
 * analyst may pass an INT, BIGINT or SMALLINT column where a number is expected, and a TIMESTAMP,
 * TIMESTAMP_NTZ or DATE where an instant is, whatever {@code spark.sql.datetime.java8API.enabled}
 * says: a Java UDF gets no implicit casts, so a strict parameter type would fail the query with a
 * ClassCastException instead.
 */
final class SqlValues {
  private SqlValues() {}

  static String text(Object value) {
    return value instanceof String ? (String) value : null;
  }

  /** An integral number, or null for null, fractions and other types. */
  static Long integral(Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal) {
      BigDecimal decimal = (BigDecimal) value;
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return null;
      }
    }
    return null;
  }

  /** An integral number that fits an int, or null. */
  static Integer integer(Object value) {
    Long number = integral(value);
    if (number == null || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
      return null;
    }
    return number.intValue();
  }

  /** The instant of a timestamp or date value; dates and TIMESTAMP_NTZ are read as UTC. */
  static Instant instant(Object value) {
    if (value instanceof Instant) {
      return (Instant) value;
    }
    if (value instanceof Timestamp) {
      return ((Timestamp) value).toInstant();
    }
    if (value instanceof LocalDateTime) {
      return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDate) {
      return ((LocalDate) value).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof java.sql.Date) {
      // java.sql.Date.toLocalDate reads the JVM zone, which is what Spark used to build it.
      return ((java.sql.Date) value).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return null;
  }
}
