package io.packetlake.pcap.decode;

/**
 * The type of a {@link PacketColumn}'s values, independent of any engine: each engine maps it to
 * its own type (Spark's in the packets table, text in {@code packetlake decode}).
 */
public enum ColumnType {
  /** UTF-8 text; given through {@link ColumnSink#putText}. */
  TEXT,
  /** A 32-bit signed integer; given through {@link ColumnSink#putInt}. */
  INT,
  /** A 64-bit signed integer; given through {@link ColumnSink#putLong}. */
  LONG,
  /** True or false; given through {@link ColumnSink#putBoolean}. */
  BOOLEAN,
  /**
   * An instant, given through {@link ColumnSink#putLong} as nanoseconds since the Unix epoch; a
   * sink that stores less precision (Spark keeps microseconds) rounds toward negative infinity.
   */
  TIMESTAMP,
  /** A UTC date, given through {@link ColumnSink#putInt} as days since the Unix epoch. */
  DATE
}
