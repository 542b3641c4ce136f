package io.packetlake.pcap.decode;

import io.packetlake.pcap.framing.FramedRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The packet columns' values as plain objects (null when absent), for comparing in tests. */
final class ColumnValues implements ColumnSink {
  private final Map<PacketColumn, Object> values = new LinkedHashMap<>();

  private ColumnValues() {}

  /** Every header column's table value for the holder, in catalog order. */
  static Map<PacketColumn, Object> ofHeaders(PacketHeaders headers) {
    PacketRow row = new PacketRow("", "");
    row.setHeaders(headers);
    ColumnValues sink = new ColumnValues();
    for (PacketColumn column : PacketColumn.values()) {
      if (column.source() == PacketColumn.Source.HEADERS) {
        column.write(row, sink);
      }
    }
    return sink.values;
  }

  /** Every column's table value for the record and its headers, in catalog order. */
  static Map<PacketColumn, Object> of(
      FramedRecord record, PacketHeaders headers, String captureFile, String captureId) {
    PacketRow row = new PacketRow(captureFile, captureId).set(record, headers);
    ColumnValues sink = new ColumnValues();
    for (PacketColumn column : PacketColumn.values()) {
      column.write(row, sink);
    }
    return sink.values;
  }

  @Override
  public void putNull(PacketColumn column) {
    put(column, null);
  }

  @Override
  public void putInt(PacketColumn column, int value) {
    put(column, value);
  }

  @Override
  public void putLong(PacketColumn column, long value) {
    put(column, value);
  }

  @Override
  public void putBoolean(PacketColumn column, boolean value) {
    put(column, value);
  }

  @Override
  public void putText(PacketColumn column, byte[] utf8) {
    put(column, new String(utf8, StandardCharsets.UTF_8));
  }

  @Override
  public void putText(PacketColumn column, CharSequence ascii) {
    put(column, ascii.toString());
  }

  private void put(PacketColumn column, Object value) {
    if (values.containsKey(column)) {
      throw new AssertionError(column + " was put twice");
    }
    values.put(column, value);
  }
}
