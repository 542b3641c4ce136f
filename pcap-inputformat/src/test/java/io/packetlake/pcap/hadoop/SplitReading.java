package io.packetlake.pcap.hadoop;

import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.RecordCursor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/** Reads captures through {@link PcapInputFormat} the way a MapReduce or Spark job does. */
final class SplitReading {
  private SplitReading() {}

  static List<InputSplit> splits(Configuration conf, Path path, long maxSplitSize)
      throws IOException {
    Job job = Job.getInstance(new Configuration(conf));
    FileInputFormat.setInputPaths(job, path);
    FileInputFormat.setMinInputSplitSize(job, 1);
    FileInputFormat.setMaxInputSplitSize(job, maxSplitSize);
    return new PcapInputFormat().getSplits(job);
  }

  static List<PacketRecord> read(Configuration conf, InputSplit split)
      throws IOException, InterruptedException {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    List<PacketRecord> records = new ArrayList<>();
    try (PcapRecordReader reader = new PcapRecordReader()) {
      reader.initialize(split, context);
      while (reader.nextKeyValue()) {
        PacketRecord record = reader.getCurrentValue().get();
        if (reader.getCurrentKey().get() != record.offset()) {
          throw new AssertionError("key " + reader.getCurrentKey() + " is not the offset");
        }
        records.add(record);
      }
    }
    return records;
  }

  /** {@link #read}, through {@link PcapRecordReader#next(RecordCursor)}. */
  static List<PacketRecord> readWithCursor(Configuration conf, InputSplit split)
      throws IOException, InterruptedException {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    List<PacketRecord> records = new ArrayList<>();
    RecordCursor cursor = new RecordCursor();
    try (PcapRecordReader reader = new PcapRecordReader()) {
      reader.initialize(split, context);
      while (reader.next(cursor)) {
        records.add(cursor.toRecord(reader.source()));
      }
    }
    return records;
  }

  static List<PacketRecord> readAll(Configuration conf, List<InputSplit> splits)
      throws IOException, InterruptedException {
    List<PacketRecord> records = new ArrayList<>();
    for (InputSplit split : splits) {
      records.addAll(read(conf, split));
    }
    return records;
  }
}
