package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The captures of one {@code load}, as a table with the schema of the packets table. */
final class PcapTable implements SupportsRead {
  private final Configuration conf;
  private final Map<String, String> captureIds;
  private final boolean payloads;

  /**
   * @param payloads whether the rows are {@link PayloadRows} rather than packets
   */
  PcapTable(Configuration conf, Map<String, String> captureIds, boolean payloads) {
    this.payloads = payloads;
    this.conf = requireNonNull(conf, "conf is null");
    this.captureIds = Map.copyOf(requireNonNull(captureIds, "captureIds is null"));
  }

  @Override
  public String name() {
    List<String> paths = captureIds.keySet().stream().sorted().toList();
    return paths.size() <= 3
        ? "pcap " + paths
        : "pcap " + paths.subList(0, 3) + " and " + (paths.size() - 3) + " more";
  }

  @Override
  public StructType schema() {
    return payloads ? PayloadRows.SCHEMA : PacketTable.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new PcapScanBuilder(conf, captureIds, payloads);
  }
}
