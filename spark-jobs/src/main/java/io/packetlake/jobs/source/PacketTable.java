package io.packetlake.jobs.source;

import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.pcap.decode.PacketColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code packets} table: one row per framed record. Its columns are the table columns of {@link
 * PacketColumn}, mapped to Spark types here; the schema is part of the lake's contract and columns
 * are only ever added at the end. Partitioned by {@link #DATE} and {@link #CAPTURE_ID}.
 *
 * <p>Rows carry {@link Instant} and {@link LocalDate} values: sessions that build them run with
 * {@code spark.sql.datetime.java8API.enabled} (see {@code SparkSessions}).
 */
public final class PacketTable {
  public static final String NAME = "packets";
  public static final String DATE = PacketColumn.PACKET_DATE.columnName();
  public static final String TIME = PacketColumn.PACKET_TIME.columnName();
  public static final String CAPTURE_ID = PacketColumn.CAPTURE_ID.columnName();

  /** The table columns of {@link PacketColumn}, in catalog order. */
  public static final List<PacketColumn> COLUMNS =
      Arrays.stream(PacketColumn.values()).filter(PacketColumn::inTable).toList();

  public static final TableCatalog CATALOG =
      new TableCatalog(
          NAME,
          "One row per framed record of a capture: the record's framing, its link, IP and transport"
              + " headers as decoded, and the capture it came from",
          COLUMNS.stream().map(PacketTable::tableColumn).toList(),
          List.of(DATE, CAPTURE_ID));

  public static final StructType SCHEMA = CATALOG.schema();

  /** What goes in decode_status when the frame itself was not complete. */
  public static final String FRAME_NOT_DECODED = PacketColumn.FRAME_NOT_DECODED;

  private PacketTable() {}

  /** The Spark type that holds a column's values. */
  public static DataType sparkType(PacketColumn column) {
    return switch (column.type()) {
      case TEXT -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DATE -> DataTypes.DateType;
    };
  }

  private static TableColumn tableColumn(PacketColumn column) {
    return new TableColumn(
        column.columnName(), sparkType(column), column.nullable(), column.comment());
  }
}
