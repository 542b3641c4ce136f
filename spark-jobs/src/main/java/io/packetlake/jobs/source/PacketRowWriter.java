package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.ColumnSink;
import io.packetlake.pcap.decode.ColumnType;
import io.packetlake.pcap.decode.PacketColumn;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.PacketRow;
import io.packetlake.pcap.framing.EpochNanos;
import io.packetlake.pcap.framing.FramedRecord;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one record and its decoded headers as a row of {@link PacketTable#SCHEMA}, or of the
 * columns of it that a query asked for, straight into Spark's binary row format: each asked-for
 * {@link PacketColumn} puts its value here, primitive fields as they are, ASCII text copied as
 * bytes, no boxed values and no objects per row. Columns that were not asked for are not computed.
 *
 * <p>The returned row is reused: it is valid until the next call.
 */
final class PacketRowWriter {
  /** The columns to write, in output order. */
  private final PacketColumn[] columns;

  /** Output ordinal of each {@link PacketColumn} by its ordinal, -1 when it was not asked for. */
  private final int[] ordinals = new int[PacketColumn.values().length];

  private final boolean decodes;
  private final PacketRow row;
  private final UnsafeRowWriter writer;
  private final BinarySink sink = new BinarySink();

  /**
   * @param required the columns to write, a subset of {@link PacketTable#SCHEMA} in any order
   * @param captureFile the value of {@code capture_file} for every row
   * @param captureId the value of {@code capture_id} for every row
   */
  PacketRowWriter(StructType required, String captureFile, String captureId) {
    requireNonNull(required, "required is null");
    row = new PacketRow(captureFile, captureId);
    String[] names = required.fieldNames();
    columns = new PacketColumn[names.length];
    Arrays.fill(ordinals, -1);
    boolean decodes = false;
    for (int ordinal = 0; ordinal < names.length; ordinal++) {
      PacketColumn column = PacketTable.COLUMNS.get(PacketTable.SCHEMA.fieldIndex(names[ordinal]));
      columns[ordinal] = column;
      ordinals[column.ordinal()] = ordinal;
      decodes |= column.source() == PacketColumn.Source.HEADERS;
    }
    this.decodes = decodes;
    writer = new UnsafeRowWriter(names.length, 256);
  }

  /** Whether any column asked for needs the decoded headers. */
  boolean decodes() {
    return decodes;
  }

  /**
   * The row of one record; {@code headers} holds the record's decoded headers, or is null when the
   * frame was not decoded (or, when {@link #decodes()} is false, need not be). Both are read here
   * and not kept.
   */
  UnsafeRow write(FramedRecord record, PacketHeaders headers) {
    writer.reset();
    writer.zeroOutNullBytes();
    row.set(record, headers);
    for (PacketColumn column : columns) {
      column.write(row, sink);
    }
    return writer.getRow();
  }

  /** Puts each value at its column's output ordinal, in Spark's internal representation. */
  private final class BinarySink implements ColumnSink {
    private byte[] text = new byte[64];

    @Override
    public void putNull(PacketColumn column) {
      writer.setNullAt(ordinals[column.ordinal()]);
    }

    /** Spark's dates are days since the epoch, as the column gives them. */
    @Override
    public void putInt(PacketColumn column, int value) {
      writer.write(ordinals[column.ordinal()], value);
    }

    @Override
    public void putLong(PacketColumn column, long value) {
      // Spark timestamps hold microseconds; packet_time_ns keeps the rest.
      long stored = column.type() == ColumnType.TIMESTAMP ? EpochNanos.toMicros(value) : value;
      writer.write(ordinals[column.ordinal()], stored);
    }

    @Override
    public void putBoolean(PacketColumn column, boolean value) {
      writer.write(ordinals[column.ordinal()], value);
    }

    @Override
    public void putText(PacketColumn column, byte[] utf8) {
      writer.write(ordinals[column.ordinal()], utf8);
    }

    /** ASCII text is one byte per char: copied into a reused array, no string made. */
    @Override
    public void putText(PacketColumn column, CharSequence ascii) {
      int length = ascii.length();
      if (length > text.length) {
        text = new byte[Math.max(length, 2 * text.length)];
      }
      for (int index = 0; index < length; index++) {
        text[index] = (byte) ascii.charAt(index);
      }
      writer.write(ordinals[column.ordinal()], text, 0, length);
    }
  }
}
