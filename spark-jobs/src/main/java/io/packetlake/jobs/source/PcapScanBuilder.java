package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructType;

/**
 * Column pruning: the reader writes, and decodes for, only the columns the query uses. A query that
 * needs no header column (a count, or framing columns only) does not decode packets at all.
 */
final class PcapScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {
  private final Configuration conf;
  private final Map<String, String> captureIds;
  private final boolean payloads;
  private StructType required;

  PcapScanBuilder(Configuration conf, Map<String, String> captureIds, boolean payloads) {
    this.payloads = payloads;
    this.required = payloads ? PayloadRows.SCHEMA : PacketTable.SCHEMA;
    this.conf = requireNonNull(conf, "conf is null");
    this.captureIds = requireNonNull(captureIds, "captureIds is null");
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    requireNonNull(requiredSchema, "requiredSchema is null");
    // Payload rows are few and always whole: Spark projects the columns it needs itself.
    if (!payloads) {
      required = requiredSchema;
    }
  }

  @Override
  public Scan build() {
    return new PcapScan(conf, captureIds, required, payloads);
  }
}
