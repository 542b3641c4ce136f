package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import io.packetlake.pcap.hadoop.mapred.PcapInputFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.junit.jupiter.api.Test;

/** The old-API format reads the same records as the new one, split for split. */
final class TestMapredInputFormat {
  @Test
  void readsEveryRecordOnceAcrossSplits() throws Exception {
    for (String name : List.of("tls2.pcap", "wireshark_samples-test.pcapng")) {
      java.nio.file.Path capture = TestCaptures.corpusPath(name);
      JobConf job = new JobConf();
      job.setLong("mapreduce.input.fileinputformat.split.minsize", 1);
      FileInputFormat.setInputPaths(job, new Path(capture.toUri()));
      PcapInputFormat format =
          org.apache.hadoop.util.ReflectionUtils.newInstance(PcapInputFormat.class, job);
      InputSplit[] splits = format.getSplits(job, 40);
      assertThat(splits.length).isGreaterThan(20);

      List<String> actual = new ArrayList<>();
      for (InputSplit split : splits) {
        RecordReader<LongWritable, PacketWritable> reader =
            format.getRecordReader(split, job, Reporter.NULL);
        try {
          LongWritable key = reader.createKey();
          PacketWritable value = reader.createValue();
          while (reader.next(key, value)) {
            assertThat(key.get()).isEqualTo(value.get().offset());
            assertThat(reader.getPos()).isGreaterThan(key.get());
            actual.add(TestCaptures.describe(value.get()));
          }
        } finally {
          reader.close();
        }
      }
      List<String> expected = new ArrayList<>();
      for (PacketRecord record : TestCaptures.readAll(capture)) {
        expected.add(TestCaptures.describe(record));
      }
      assertThat(actual).as(name).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void splittingCanBeTurnedOff() throws Exception {
    JobConf job = new JobConf();
    job.setBoolean(PcapInputConfig.SPLIT, false);
    FileInputFormat.setInputPaths(job, new Path(TestCaptures.corpusPath("tls2.pcap").toUri()));
    PcapInputFormat format =
        org.apache.hadoop.util.ReflectionUtils.newInstance(PcapInputFormat.class, job);
    assertThat(format.getSplits(job, 40)).hasSize(1);
  }
}
