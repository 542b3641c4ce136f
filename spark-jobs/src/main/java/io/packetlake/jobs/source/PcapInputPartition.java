package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One split of a capture, as {@link io.packetlake.pcap.hadoop.PcapInputFormat} computes it: the
 * records whose headers start in {@code [start, start + length)} under the ownership rule of {@link
 * io.packetlake.pcap.hadoop.PcapRecordReader}.
 *
 * @param path fully qualified path of the capture
 * @param start first byte of the split
 * @param length bytes in the split
 * @param hosts hosts holding the split's bytes, for locality
 * @param captureId the capture's id, written to every row's {@code capture_id}
 */
record PcapInputPartition(String path, long start, long length, String[] hosts, String captureId)
    implements InputPartition {
  PcapInputPartition {
    requireNonNull(path, "path is null");
    requireNonNull(captureId, "captureId is null");
    hosts = hosts == null ? new String[0] : hosts.clone();
  }

  @Override
  public String[] preferredLocations() {
    return hosts.clone();
  }
}
