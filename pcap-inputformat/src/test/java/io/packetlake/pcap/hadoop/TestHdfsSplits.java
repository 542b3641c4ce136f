package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures stored in a real in-process HDFS with small blocks, read split by split. */
final class TestHdfsSplits {
  private static final long BLOCK_SIZE = 128 * 1024;

  @TempDir static File baseDirectory;

  private static MiniDFSCluster cluster;
  private static FileSystem fileSystem;

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDirectory.getAbsolutePath());
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 1024);
    conf.setLong("dfs.blocksize", BLOCK_SIZE);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fileSystem = cluster.getFileSystem();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void capturesSpanningSeveralBlocksReadAsLocally() throws Exception {
    for (String name :
        List.of(
            "many-protocols.pcap",
            "reversedtest.pcap",
            "wireshark_samples-test.pcapng",
            "pps.pcap")) {
      java.nio.file.Path local = TestCaptures.corpusPath(name);
      Path remote = new Path("/captures/" + name);
      fileSystem.copyFromLocalFile(new Path(local.toUri()), remote);
      FileStatus status = fileSystem.getFileStatus(remote);
      BlockLocation[] blocks = fileSystem.getFileBlockLocations(status, 0, status.getLen());
      assertThat(blocks.length).as("HDFS blocks of %s", name).isGreaterThan(3);

      Configuration conf = fileSystem.getConf();
      // Default split size: one split per HDFS block.
      List<InputSplit> splits =
          SplitReading.splits(conf, fileSystem.makeQualified(remote), Long.MAX_VALUE);
      assertThat(splits).hasSize(blocks.length);

      List<String> expected = describe(TestCaptures.readAll(local));
      List<PacketRecord> records = SplitReading.readAll(conf, splits);
      assertThat(describe(records)).as(name).containsExactlyElementsOf(expected);
      assertThat(records.get(0).source()).startsWith("hdfs://");
    }
  }

  private static List<String> describe(List<PacketRecord> records) {
    List<String> lines = new ArrayList<>();
    for (PacketRecord record : records) {
      lines.add(TestCaptures.describe(record));
    }
    return lines;
  }
}
