package io.packetlake.pcap.hadoop;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Reads pcap and pcapng captures (and gzip-compressed ones) as packet records: the key is the
 * record's byte offset in its file, the value the framed record.
 *
 * <p>Uncompressed captures are split like text files: each split is read by one task, and a record
 * belongs to the split in which its header starts, where a split's start is moved to the first
 * provable record boundary (see {@link PcapRecordReader}). Compressed captures are read whole by
 * one task. Splitting can be turned off with {@link PcapInputConfig#SPLIT}.
 */
public final class PcapInputFormat extends FileInputFormat<LongWritable, PacketWritable> {
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    if (!PcapInputConfig.splittingAllowed(context.getConfiguration(), file.toString())) {
      return false;
    }
    return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
  }

  @Override
  public RecordReader<LongWritable, PacketWritable> createRecordReader(
      InputSplit split, TaskAttemptContext context) {
    return new PcapRecordReader();
  }
}
