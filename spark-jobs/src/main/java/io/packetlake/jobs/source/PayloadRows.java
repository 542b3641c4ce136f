package io.packetlake.jobs.source;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import io.packetlake.pcap.app.IpFragment;
import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.FlowKeys;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of {@code spark.read.format("pcap").option("rows", "payloads")}: one per packet that the
 * application-layer pass examines ({@link PayloadSegment#examines}), with its payload as captured.
 * Not a table of the lake: ingest puts fragmented datagrams together ({@link #FRAGMENT} rows, by
 * datagram), then groups the rows by flow and hands them to the pass. {@link #FLOW_ORDER} is {@link
 * PayloadSegment#ORDER} in columns, and {@link IpFragment#ORDER} for fragments.
 */
public final class PayloadRows {
  public static final String FLOW_KEY_HASH = "flow_key_hash";
  public static final String FLOW_KEY = "flow_key";
  public static final String TIME_NS = "time_ns";
  public static final String CAPTURE_ID = "capture_id";
  public static final String RECORD_OFFSET = "record_offset";

  /**
   * Whether a row is an IP fragment of a UDP datagram ({@link IpFragment}: its ports are -1, its
   * flow key is the datagram's key, its payload the fragment's part of the datagram) rather than a
   * packet's payload ({@link PayloadSegment}).
   */
  public static final String FRAGMENT = "fragment";

  public static final StructType SCHEMA =
      new StructType(
          new org.apache.spark.sql.types.StructField[] {
            createStructField(CAPTURE_ID, StringType, false),
            createStructField("capture_file", StringType, false),
            createStructField(RECORD_OFFSET, LongType, false),
            createStructField(TIME_NS, LongType, true),
            createStructField("ip_protocol", IntegerType, false),
            createStructField("src_address", StringType, false),
            createStructField("src_port", IntegerType, false),
            createStructField("dst_address", StringType, false),
            createStructField("dst_port", IntegerType, false),
            createStructField(FLOW_KEY_HASH, LongType, false),
            createStructField(FLOW_KEY, StringType, false),
            createStructField("tcp_seq", LongType, false),
            createStructField("tcp_flags", IntegerType, false),
            createStructField("payload_length", IntegerType, false),
            createStructField("payload", BinaryType, false),
            createStructField(FRAGMENT, BooleanType, false),
            createStructField("ip_id", LongType, false),
            createStructField("fragment_offset", IntegerType, false),
            createStructField("more_fragments", BooleanType, false)
          });

  /**
   * The columns that put a flow's rows together and in the pass's order: the flow (its hash, then
   * its key, which keeps two flows with one hash apart), then time, capture and record. Rows of a
   * record without a time come first in their flow, as {@link PayloadSegment#NO_TIME} sorts.
   */
  public static final List<String> FLOW_ORDER =
      List.of(FLOW_KEY_HASH, FLOW_KEY, TIME_NS, CAPTURE_ID, RECORD_OFFSET);

  private PayloadRows() {}

  /** The row of a fragment, in Spark's internal representation. */
  static InternalRow internalRow(IpFragment fragment) {
    return new GenericInternalRow(
        new Object[] {
          UTF8String.fromString(fragment.captureId()),
          UTF8String.fromString(fragment.captureFile()),
          fragment.recordOffset(),
          fragment.hasTime() ? fragment.timeNanos() : null,
          fragment.ipProtocol(),
          UTF8String.fromString(fragment.sourceAddress()),
          -1,
          UTF8String.fromString(fragment.destinationAddress()),
          -1,
          fragment.datagramHash(),
          UTF8String.fromString(fragment.datagramKey()),
          -1L,
          0,
          fragment.length(),
          fragment.bytes(),
          true,
          fragment.identification(),
          fragment.fragmentOffset(),
          fragment.moreFragments()
        });
  }

  /** The fragment of a {@link #FRAGMENT} row of {@link #SCHEMA}. */
  public static IpFragment fragment(Row row) {
    return new IpFragment(
        row.getString(0),
        row.getString(1),
        row.getLong(2),
        row.isNullAt(3) ? PayloadSegment.NO_TIME : row.getLong(3),
        row.getInt(4),
        row.getString(5),
        row.getString(7),
        row.getLong(16),
        row.getInt(17),
        row.getBoolean(18),
        row.getInt(13),
        (byte[]) row.get(14));
  }

  /** The row of a segment, as a Spark {@link Row} of {@link #SCHEMA}. */
  public static Row row(PayloadSegment segment) {
    return RowFactory.create(
        segment.captureId(),
        segment.captureFile(),
        segment.recordOffset(),
        segment.hasTime() ? segment.timeNanos() : null,
        segment.ipProtocol(),
        segment.sourceAddress(),
        segment.sourcePort(),
        segment.destinationAddress(),
        segment.destinationPort(),
        segment.flowKeyHash(),
        flowKey(segment),
        segment.tcpSequence(),
        segment.tcpFlags(),
        segment.payloadLength(),
        segment.payload(),
        false,
        -1L,
        0,
        false);
  }

  private static String flowKey(PayloadSegment segment) {
    return FlowKeys.text(
        segment.ipProtocol(),
        segment.sourceAddress(),
        segment.sourcePort(),
        segment.destinationAddress(),
        segment.destinationPort());
  }

  /** The row of a segment, in Spark's internal representation. */
  static InternalRow internalRow(PayloadSegment segment) {
    return new GenericInternalRow(
        new Object[] {
          UTF8String.fromString(segment.captureId()),
          UTF8String.fromString(segment.captureFile()),
          segment.recordOffset(),
          segment.hasTime() ? segment.timeNanos() : null,
          segment.ipProtocol(),
          UTF8String.fromString(segment.sourceAddress()),
          segment.sourcePort(),
          UTF8String.fromString(segment.destinationAddress()),
          segment.destinationPort(),
          segment.flowKeyHash(),
          UTF8String.fromString(flowKey(segment)),
          segment.tcpSequence(),
          segment.tcpFlags(),
          segment.payloadLength(),
          segment.payload(),
          false,
          -1L,
          0,
          false
        });
  }

  /** The segment of a row of {@link #SCHEMA}. */
  public static PayloadSegment segment(Row row) {
    return new PayloadSegment(
        row.getString(0),
        row.getString(1),
        row.getLong(2),
        row.isNullAt(3) ? PayloadSegment.NO_TIME : row.getLong(3),
        row.getInt(4),
        row.getString(5),
        row.getInt(6),
        row.getString(7),
        row.getInt(8),
        row.getLong(9),
        row.getLong(11),
        row.getInt(12),
        row.getInt(13),
        (byte[]) row.get(14));
  }
}
