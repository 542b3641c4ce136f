package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.hadoop.PcapInputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A read of captures: one input partition per split that {@link PcapInputFormat} computes for the
 * files, so splitting, unsplit files and compressed files behave exactly as with the InputFormat.
 */
final class PcapScan implements Scan, Batch {
  private final Configuration conf;
  private final Map<String, String> captureIds;
  private final StructType required;
  private final boolean payloads;

  /**
   * @param conf the Hadoop configuration with the reader options applied
   * @param captureIds capture id by fully qualified path: the files to read
   * @param required the columns to produce
   * @param payloads whether the rows are {@link PayloadRows} rather than packets
   */
  PcapScan(
      Configuration conf, Map<String, String> captureIds, StructType required, boolean payloads) {
    this.payloads = payloads;
    this.conf = requireNonNull(conf, "conf is null");
    this.captureIds = Map.copyOf(requireNonNull(captureIds, "captureIds is null"));
    this.required = requireNonNull(required, "required is null");
  }

  @Override
  public StructType readSchema() {
    return required;
  }

  @Override
  public String description() {
    return "pcap [" + captureIds.size() + " capture(s), columns " + required.size() + "]";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (captureIds.isEmpty()) {
      return new InputPartition[0];
    }
    try {
      Job job = Job.getInstance(new Configuration(conf));
      FileInputFormat.setInputPaths(
          job, captureIds.keySet().stream().sorted().map(Path::new).toArray(Path[]::new));
      List<InputPartition> partitions = new ArrayList<>();
      for (InputSplit split : new PcapInputFormat().getSplits(job)) {
        FileSplit file = (FileSplit) split;
        String path = file.getPath().toString();
        String captureId = captureIds.get(path);
        if (captureId == null) {
          throw new IllegalStateException("Cannot read pcap: no capture id for split of " + path);
        }
        partitions.add(
            new PcapInputPartition(
                path, file.getStart(), file.getLength(), file.getLocations(), captureId));
      }
      return partitions.toArray(InputPartition[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new PcapPartitionReaderFactory(
        SerializableConfiguration.broadcast(SparkSession.active().sparkContext(), conf),
        required,
        payloads);
  }
}
