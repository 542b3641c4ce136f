package io.packetlake.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.lake.SchemaVersion;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.framing.FramingOptions;
import java.io.File;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest reading captures from a real in-process HDFS, several splits per file. */
final class TestIngestFromHdfs {
  private static final List<String> CAPTURES =
      List.of("many-protocols.pcap", "wireshark_samples-test.pcapng", "reversedtest.pcap");

  @TempDir static File baseDirectory;

  private static MiniDFSCluster cluster;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(
        MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(baseDirectory, "hdfs").getAbsolutePath());
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 1024);
    conf.setLong("dfs.blocksize", 256 * 1024);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    spark = TestSessions.create("TestIngestFromHdfs");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void hdfsIngestWithManySplitsEqualsLocalIngest() throws Exception {
    FileSystem hdfs = cluster.getFileSystem();
    String hdfsRoot = hdfs.getUri().toString();
    for (String name : CAPTURES) {
      hdfs.copyFromLocalFile(
          new Path(TestIngestJob.corpusPath(name)), new Path(hdfsRoot + "/captures/" + name));
    }
    Lake hdfsLake = new Lake(hdfsRoot + "/lake");
    Lake localLake = new Lake(new File(baseDirectory, "local-lake").getAbsolutePath());

    IngestResult remote = ingest(hdfsLake, List.of(hdfsRoot + "/captures"));
    IngestResult local =
        ingest(localLake, CAPTURES.stream().map(TestIngestJob::corpusPath).toList());

    assertThat(remote.captures()).hasSize(CAPTURES.size());
    assertThat(remote.rows()).isEqualTo(local.rows()).isGreaterThan(20_000);
    assertThat(remote.decodeStatusCounts()).isEqualTo(local.decodeStatusCounts());
    // The same captures get the same ids wherever they are read from.
    assertThat(remote.captures().stream().map(capture -> capture.captureId()).sorted().toList())
        .isEqualTo(local.captures().stream().map(capture -> capture.captureId()).sorted().toList());
    assertThat(comparable(hdfsLake).exceptAll(comparable(localLake)).count()).isZero();
    assertThat(comparable(localLake).exceptAll(comparable(hdfsLake)).count()).isZero();
    assertThat(
            spark
                .read()
                .parquet(hdfsLake.table(PacketTable.NAME))
                .select("capture_file")
                .distinct()
                .collectAsList())
        .allSatisfy(row -> assertThat(row.getString(0)).startsWith("hdfs://"));
    // The run stated the new lake's schema version on HDFS (a rename that must not overwrite).
    try (InputStream marker = hdfs.open(new Path(hdfsLake.versionMarker()))) {
      assertThat(new ObjectMapper().readTree(marker).get("schema_version").asInt())
          .isEqualTo(SchemaVersion.CURRENT);
    }
  }

  private static Dataset<Row> comparable(Lake lake) {
    return spark.read().parquet(lake.table(PacketTable.NAME)).drop(col("capture_file"));
  }

  private static IngestResult ingest(Lake lake, List<String> inputs) throws Exception {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    ledger.started();
    IngestResult result =
        IngestJob.run(
            spark,
            new IngestConfig(inputs, lake, false, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true),
            ledger);
    ledger.finished(Instant.now(), "SUCCEEDED", null);
    return result;
  }
}
