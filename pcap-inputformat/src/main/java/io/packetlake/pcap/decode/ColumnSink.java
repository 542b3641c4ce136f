package io.packetlake.pcap.decode;

/**
 * Where {@link PacketColumn#write} puts a column's value: a binary row, a line of text. Each call
 * carries the column, so a sink can look up where the value goes and how it is shown. A value is
 * put once per column and row; implementations must not keep the arrays or text they are given.
 */
public interface ColumnSink {
  void putNull(PacketColumn column);

  /** An {@link ColumnType#INT} value, or the days since the epoch of a {@link ColumnType#DATE}. */
  void putInt(PacketColumn column, int value);

  /**
   * A {@link ColumnType#LONG} value, or the nanoseconds since the epoch of a {@link
   * ColumnType#TIMESTAMP}.
   */
  void putLong(PacketColumn column, long value);

  void putBoolean(PacketColumn column, boolean value);

  /** Text already encoded as UTF-8. */
  void putText(PacketColumn column, byte[] utf8);

  /** Text made only of ASCII characters. */
  void putText(PacketColumn column, CharSequence ascii);

  /** The value, or null when it is the decoder's "absent" (any negative value). */
  default void putPresent(PacketColumn column, int value) {
    if (value < 0) {
      putNull(column);
    } else {
      putInt(column, value);
    }
  }

  /** The value, or null when it is the decoder's "absent" (any negative value). */
  default void putPresent(PacketColumn column, long value) {
    if (value < 0) {
      putNull(column);
    } else {
      putLong(column, value);
    }
  }
}
