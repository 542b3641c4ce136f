package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/** Creates, on the executors, the reader of each split. */
final class PcapPartitionReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> conf;
  private final StructType required;
  private final boolean payloads;

  PcapPartitionReaderFactory(
      Broadcast<SerializableConfiguration> conf, StructType required, boolean payloads) {
    this.payloads = payloads;
    this.conf = requireNonNull(conf, "conf is null");
    this.required = requireNonNull(required, "required is null");
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    try {
      if (payloads) {
        return new PayloadPartitionReader(conf.value().value(), (PcapInputPartition) partition);
      }
      return new PcapPartitionReader(
          conf.value().value(), (PcapInputPartition) partition, required);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
