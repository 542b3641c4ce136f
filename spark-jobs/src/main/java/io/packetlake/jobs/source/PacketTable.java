package io.packetlake.jobs.source;

import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.pcap.decode.ColumnSink;
import io.packetlake.pcap.decode.ColumnType;
import io.packetlake.pcap.decode.PacketColumn;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.PacketRow;
import io.packetlake.pcap.framing.EpochNanos;
import io.packetlake.pcap.framing.PacketRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
  public static final String DATE = PacketColumn.DATE.columnName();
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

  public static List<String> columnNames() {
    return CATALOG.columnNames();
  }

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

  /**
   * The row of one record as external values; {@code headers} is null when the frame was not
   * decoded. Allocates per row: the data source writes binary rows instead.
   */
  public static Row toRow(PacketRecord record, PacketHeaders headers, String captureId) {
    PacketRow row = new PacketRow(record.source(), captureId).set(record, headers);
    ExternalValues values = new ExternalValues();
    for (PacketColumn column : COLUMNS) {
      column.write(row, values);
    }
    return RowFactory.create(values.values);
  }

  /** Values as a {@link Row} holds them with the java8 datetime API: Instant, LocalDate. */
  private static final class ExternalValues implements ColumnSink {
    private final Object[] values = new Object[COLUMNS.size()];
    private int next;

    @Override
    public void putNull(PacketColumn column) {
      values[next++] = null;
    }

    @Override
    public void putInt(PacketColumn column, int value) {
      values[next++] = column.type() == ColumnType.DATE ? LocalDate.ofEpochDay(value) : value;
    }

    @Override
    public void putLong(PacketColumn column, long value) {
      // Spark timestamps hold microseconds; timestamp_ns keeps the rest.
      values[next++] =
          column.type() == ColumnType.TIMESTAMP ? EpochNanos.toMicrosecondInstant(value) : value;
    }

    @Override
    public void putBoolean(PacketColumn column, boolean value) {
      values[next++] = value;
    }

    @Override
    public void putText(PacketColumn column, byte[] utf8) {
      values[next++] = new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public void putText(PacketColumn column, CharSequence ascii) {
      values[next++] = ascii.toString();
    }
  }
}
