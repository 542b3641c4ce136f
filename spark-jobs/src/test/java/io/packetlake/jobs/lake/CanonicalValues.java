package io.packetlake.jobs.lake;

import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import org.duckdb.DuckDBStruct;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One canonical Java form for a lake value, whichever reader read it, so that the rows of two
 * Parquet readers compare with {@code equals} and sort by {@link #render}. The form follows the
 * value's declared Spark type, never the Java class a reader chose; a reader that gives a class the
 * type does not allow fails the comparison with the column named:
 *
 * <ul>
 *   <li>text, booleans, integers, doubles and decimals: the boxed Java value (doubles exactly, so
 *       one ulp or the sign of a zero is a difference)
 *   <li>timestamps: {@link Instant}; dates: {@link LocalDate}; binary: lower-case hex
 *   <li>arrays: lists; maps: maps sorted by the rendering of their keys
 *   <li>structs: their fields by name, in the declared order
 *   <li>user-defined types (MLlib vectors): the struct Spark stores them as ({@link
 *       UserDefinedType#sqlType()}), built by the type's own {@code serialize}
 * </ul>
 */
final class CanonicalValues {
  /** A binary value is read back whole; the lake's sketches take a few KiB. */
  static final long MAX_BINARY_BYTES = 1 << 24;

  /** The Java class of a value of each scalar type, on both sides. */
  private static final Map<DataType, Class<?>> SCALAR_CLASSES =
      Map.of(
          DataTypes.StringType, String.class,
          DataTypes.BooleanType, Boolean.class,
          DataTypes.ByteType, Byte.class,
          DataTypes.ShortType, Short.class,
          DataTypes.IntegerType, Integer.class,
          DataTypes.LongType, Long.class,
          DataTypes.FloatType, Float.class,
          DataTypes.DoubleType, Double.class,
          DataTypes.DateType, LocalDate.class,
          DataTypes.TimestampType, Instant.class);

  private CanonicalValues() {}

  /**
   * The canonical form of a value of a {@code Row} that Spark collected (with {@code
   * spark.sql.datetime.java8API.enabled}, so timestamps are {@link Instant}s).
   *
   * @param where the reader and column, for messages
   */
  static Object fromSpark(Object value, DataType type, String where) {
    if (value == null) {
      return null;
    }
    if (type instanceof UserDefinedType<?> userType) {
      Object stored =
          CatalystTypeConverters.convertToScala(serialize(userType, value), userType.sqlType());
      return fromSpark(stored, userType.sqlType(), where);
    }
    if (type instanceof StructType struct) {
      Row row = expect(value, Row.class, type, where);
      Map<String, Object> fields = new LinkedHashMap<>();
      for (StructField field : struct.fields()) {
        Object fieldValue = row.get(row.fieldIndex(field.name()));
        fields.put(
            field.name(), fromSpark(fieldValue, field.dataType(), where + "." + field.name()));
      }
      return fields;
    }
    if (type instanceof ArrayType array) {
      scala.collection.Seq<?> read = expect(value, scala.collection.Seq.class, type, where);
      List<Object> elements = new ArrayList<>();
      for (Object element : CollectionConverters.asJava(read)) {
        elements.add(fromSpark(element, array.elementType(), where + "[]"));
      }
      return elements;
    }
    if (type instanceof MapType map) {
      scala.collection.Map<?, ?> read = expect(value, scala.collection.Map.class, type, where);
      Map<Object, Object> entries = sortedMap();
      for (Map.Entry<?, ?> entry : CollectionConverters.asJava(read).entrySet()) {
        put(
            entries,
            fromSpark(entry.getKey(), map.keyType(), where + " key"),
            fromSpark(entry.getValue(), map.valueType(), where + " value"),
            where);
      }
      return entries;
    }
    if (type.equals(DataTypes.BinaryType)) {
      return HexFormat.of().formatHex(expect(value, byte[].class, type, where));
    }
    return scalar(value, type, where);
  }

  /**
   * The canonical form of a value DuckDB's JDBC driver returned. Top-level timestamps must already
   * be {@link Instant}s: the driver's own {@code java.sql.Timestamp} is built in the JVM's zone,
   * which moves a time that zone skips at a daylight-saving change.
   *
   * @param where the reader and column, for messages
   */
  static Object fromDuckDb(Object value, DataType type, String where) throws SQLException {
    if (value == null) {
      return null;
    }
    if (type instanceof UserDefinedType<?> userType) {
      return fromDuckDb(value, userType.sqlType(), where);
    }
    if (type instanceof StructType struct) {
      Map<String, Object> read = expect(value, DuckDBStruct.class, type, where).getMap();
      if (!read.keySet().equals(new HashSet<>(List.of(struct.fieldNames())))) {
        throw new AssertionError(
            "%s: read the struct fields %s, declared %s"
                .formatted(where, read.keySet(), List.of(struct.fieldNames())));
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (StructField field : struct.fields()) {
        fields.put(
            field.name(),
            fromDuckDb(read.get(field.name()), field.dataType(), where + "." + field.name()));
      }
      return fields;
    }
    if (type instanceof ArrayType array) {
      List<Object> elements = new ArrayList<>();
      for (Object element :
          (Object[]) expect(value, java.sql.Array.class, type, where).getArray()) {
        elements.add(fromDuckDb(element, array.elementType(), where + "[]"));
      }
      return elements;
    }
    if (type instanceof MapType map) {
      Map<?, ?> read = expect(value, Map.class, type, where);
      Map<Object, Object> entries = sortedMap();
      for (Map.Entry<?, ?> entry : read.entrySet()) {
        put(
            entries,
            fromDuckDb(entry.getKey(), map.keyType(), where + " key"),
            fromDuckDb(entry.getValue(), map.valueType(), where + " value"),
            where);
      }
      return entries;
    }
    if (type.equals(DataTypes.BinaryType)) {
      Blob blob = expect(value, Blob.class, type, where);
      long length = blob.length();
      if (length > MAX_BINARY_BYTES) {
        throw new AssertionError(
            "%s: a binary value of %s bytes exceeds %s".formatted(where, length, MAX_BINARY_BYTES));
      }
      return HexFormat.of().formatHex(blob.getBytes(1, (int) length));
    }
    return scalar(value, type, where);
  }

  /**
   * A text form of a canonical value that two values share only when they are equal: text is
   * quoted, so no text renders like a number, a null or a list.
   */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
    if (value instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      list.forEach(element -> elements.add(render(element)));
      return "[" + String.join(", ", elements) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.forEach((key, entry) -> entries.add(render(key) + ": " + render(entry)));
      return "{" + String.join(", ", entries) + "}";
    }
    return value.toString();
  }

  /** Values Spark and DuckDB both give as the one Java class the type allows. */
  private static Object scalar(Object value, DataType type, String where) {
    Class<?> javaClass = SCALAR_CLASSES.get(type);
    if (javaClass == null && type instanceof DecimalType) {
      javaClass = BigDecimal.class;
    }
    if (javaClass == null) {
      throw new AssertionError("%s: cannot compare values of type %s".formatted(where, type));
    }
    return expect(value, javaClass, type, where);
  }

  private static <T> T expect(Object value, Class<T> javaClass, DataType type, String where) {
    if (!javaClass.isInstance(value)) {
      throw new AssertionError(
          "%s: read a %s value as %s (%s), expected a %s"
              .formatted(
                  where,
                  type.simpleString(),
                  value.getClass().getName(),
                  value,
                  javaClass.getName()));
    }
    return javaClass.cast(value);
  }

  private static Map<Object, Object> sortedMap() {
    return new TreeMap<>(Comparator.comparing(CanonicalValues::render));
  }

  private static void put(Map<Object, Object> entries, Object key, Object value, String where) {
    if (entries.containsKey(key)) {
      throw new AssertionError("%s: key %s read twice".formatted(where, render(key)));
    }
    entries.put(key, value);
  }

  @SuppressWarnings("unchecked")
  private static Object serialize(UserDefinedType<?> userType, Object value) {
    return ((UserDefinedType<Object>) userType).serialize(value);
  }
}
