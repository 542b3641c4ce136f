package io.packetlake.jobs.source;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.RecordCursor;
import io.packetlake.pcap.hadoop.PcapRecordReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one split with {@link PcapRecordReader} (so the split ownership rule, the bounds and the
 * corrupt-region handling are the InputFormat's) and decodes every record into a reused binary row.
 * Records are read through a reused {@link RecordCursor} and decoded into a reused {@link
 * PacketHeaders}: nothing is allocated per packet (classic pcap; the pcapng reader copies each
 * packet once). A failure to read names its capture: it is thrown as a {@link
 * CaptureReadException}.
 */
final class PcapPartitionReader implements PartitionReader<InternalRow> {
  private final String capture;
  private final PcapRecordReader reader;
  private final PacketDecoder decoder = new PacketDecoder();
  private final RecordCursor record = new RecordCursor();
  private final PacketHeaders headers = new PacketHeaders();
  private final PacketRowWriter rows;
  private InternalRow row;

  PcapPartitionReader(Configuration conf, PcapInputPartition partition, StructType required)
      throws IOException {
    capture = partition.path();
    reader = open(conf, partition);
    rows = new PacketRowWriter(required, reader.source(), partition.captureId());
  }

  /**
   * The record reader of one split, initialized; a failure to open it names its capture ({@link
   * CaptureReadException}).
   */
  static PcapRecordReader open(Configuration conf, PcapInputPartition partition)
      throws IOException {
    PcapRecordReader reader = new PcapRecordReader();
    try {
      reader.initialize(
          new FileSplit(
              new Path(partition.path()),
              partition.start(),
              partition.length(),
              partition.preferredLocations()),
          new TaskAttemptContextImpl(conf, new TaskAttemptID()));
      return reader;
    } catch (IOException e) {
      reader.close();
      throw CaptureReadException.of(partition.path(), e);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public boolean next() throws IOException {
    try {
      if (!reader.next(record)) {
        return false;
      }
    } catch (IOException e) {
      throw CaptureReadException.of(capture, e);
    }
    boolean decoded =
        rows.decodes()
            && (record.status() == FrameStatus.OK || record.status() == FrameStatus.TRUNCATED);
    if (decoded) {
      decoder.decode(
          headers,
          record.linkType(),
          record.buffer(),
          record.dataOffset(),
          record.capturedLength(),
          record.originalLength());
    }
    row = rows.write(record, decoded ? headers : null);
    return true;
  }

  @Override
  public InternalRow get() {
    return row;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
