package io.packetlake.jobs.source;

import io.packetlake.jobs.lake.CaptureFile;
import io.packetlake.jobs.lake.CaptureInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("pcap").load(path)}: pcap and pcapng captures (gzip'd or not) as rows of
 * the packets table's schema ({@link PacketTable#SCHEMA}), decoded on the executors, split like
 * {@link io.packetlake.pcap.hadoop.PcapInputFormat}. Options: {@link PcapSourceOptions}.
 *
 * <p>Inputs are resolved as ingest resolves them: directories are listed recursively (hidden files
 * skipped), a file that holds the same capture as another is read once, and a file that is not a
 * capture fails the read naming it.
 */
public final class PcapDataSource implements TableProvider, DataSourceRegister {
  /** The name for {@code format(...)} and {@code USING}. */
  public static final String SHORT_NAME = "pcap";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return PcapSourceOptions.payloadRows(options) ? PayloadRows.SCHEMA : PacketTable.SCHEMA;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    Configuration conf =
        PcapSourceOptions.hadoopConfiguration(
            SparkSession.active().sparkContext().hadoopConfiguration(), properties);
    Map<String, String> captureIds = PcapSourceOptions.captureIds(properties);
    if (captureIds == null) {
      captureIds = resolve(conf, PcapSourceOptions.paths(properties));
    }
    return new PcapTable(conf, captureIds, PcapSourceOptions.payloadRows(properties));
  }

  /** The options that make the source read exactly these captures, ids known. */
  public static Map<String, String> captureOptions(List<CaptureFile> captures) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (CaptureFile capture : captures) {
      ids.put(capture.path(), capture.captureId());
    }
    return Map.of(PcapSourceOptions.CAPTURE_IDS, PcapSourceOptions.captureIdsJson(ids));
  }

  private static Map<String, String> resolve(Configuration conf, List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read pcap: no path given (load(path) or option path)");
    }
    CaptureInputs.Resolved resolved;
    try {
      resolved = CaptureInputs.resolve(conf, paths);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> rejected : resolved.rejected().entrySet()) {
      throw new IllegalArgumentException(
          String.format("Cannot read pcap %s: %s", rejected.getKey(), rejected.getValue()));
    }
    Map<String, String> ids = new LinkedHashMap<>();
    for (CaptureFile capture : resolved.captures()) {
      ids.put(capture.path(), capture.captureId());
    }
    return ids;
  }
}
