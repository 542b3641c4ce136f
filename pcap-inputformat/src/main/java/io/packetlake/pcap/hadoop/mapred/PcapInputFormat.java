package io.packetlake.pcap.hadoop.mapred;

import io.packetlake.pcap.hadoop.PacketWritable;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.JobConfigurable;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * The capture InputFormat for the old {@code mapred} API (Hive, Hadoop streaming). Splits and
 * records are exactly those of {@link io.packetlake.pcap.hadoop.PcapInputFormat}, whose reader it
 * wraps; see {@link io.packetlake.pcap.hadoop.PcapRecordReader} for which split owns a record.
 */
public final class PcapInputFormat extends FileInputFormat<LongWritable, PacketWritable>
    implements JobConfigurable {
  private JobConf conf;

  /** Called by Hadoop when it creates the format, so the job's settings reach isSplitable. */
  @Override
  public void configure(JobConf job) {
    this.conf = job;
  }

  @Override
  protected boolean isSplitable(FileSystem fileSystem, Path file) {
    // Not the file system's configuration: file systems are cached and shared between jobs.
    Configuration conf = this.conf != null ? this.conf : new Configuration();
    if (!PcapInputConfig.splittingAllowed(conf, file.toString())) {
      return false;
    }
    return new CompressionCodecFactory(conf).getCodec(file) == null;
  }

  @Override
  public RecordReader<LongWritable, PacketWritable> getRecordReader(
      InputSplit split, JobConf job, Reporter reporter) throws IOException {
    FileSplit fileSplit = (FileSplit) split;
    io.packetlake.pcap.hadoop.PcapRecordReader reader =
        new io.packetlake.pcap.hadoop.PcapRecordReader();
    try {
      reader.initialize(
          new org.apache.hadoop.mapreduce.lib.input.FileSplit(
              fileSplit.getPath(),
              fileSplit.getStart(),
              fileSplit.getLength(),
              fileSplit.getLocations()),
          new TaskAttemptContextImpl(job, new TaskAttemptID()));
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return new Reader(reader);
  }

  private static final class Reader implements RecordReader<LongWritable, PacketWritable> {
    private final io.packetlake.pcap.hadoop.PcapRecordReader delegate;

    Reader(io.packetlake.pcap.hadoop.PcapRecordReader delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean next(LongWritable key, PacketWritable value) throws IOException {
      if (!delegate.nextKeyValue()) {
        return false;
      }
      key.set(delegate.getCurrentKey().get());
      value.set(delegate.getCurrentValue().get());
      return true;
    }

    @Override
    public LongWritable createKey() {
      return new LongWritable();
    }

    @Override
    public PacketWritable createValue() {
      return new PacketWritable();
    }

    @Override
    public long getPos() {
      return delegate.position();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public float getProgress() {
      return delegate.getProgress();
    }
  }
}
