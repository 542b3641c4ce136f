package io.packetlake.jobs.source;

import io.packetlake.pcap.app.IpFragment;
import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.RecordCursor;
import io.packetlake.pcap.hadoop.PcapRecordReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Reads one split as {@link PcapPartitionReader} does (the InputFormat's ownership rule, bounds and
 * corrupt-region handling) and yields a {@link PayloadRows} row for each packet the
 * application-layer pass examines (a payload, or an IP fragment of a UDP datagram); the others are
 * decoded and passed over. Which packets those are depends on each packet alone, so the rows of all
 * splits are the rows of the unsplit capture.
 */
final class PayloadPartitionReader implements PartitionReader<InternalRow> {
  private final PcapInputPartition partition;
  private final PcapRecordReader reader;
  private final PacketDecoder decoder = new PacketDecoder();
  private final RecordCursor record = new RecordCursor();
  private final PacketHeaders headers = new PacketHeaders();
  private InternalRow row;

  PayloadPartitionReader(Configuration conf, PcapInputPartition partition) throws IOException {
    this.partition = partition;
    this.reader = PcapPartitionReader.open(conf, partition);
  }

  @Override
  public boolean next() throws IOException {
    try {
      while (reader.next(record)) {
        if (record.status() != FrameStatus.OK && record.status() != FrameStatus.TRUNCATED) {
          continue;
        }
        decoder.decode(
            headers,
            record.linkType(),
            record.buffer(),
            record.dataOffset(),
            record.capturedLength(),
            record.originalLength());
        if (IpFragment.examines(headers)) {
          row =
              PayloadRows.internalRow(
                  IpFragment.of(partition.captureId(), reader.source(), record, headers));
          return true;
        }
        if (PayloadSegment.examines(headers)) {
          row =
              PayloadRows.internalRow(
                  PayloadSegment.of(partition.captureId(), reader.source(), record, headers));
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw CaptureReadException.of(partition.path(), e);
    }
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
