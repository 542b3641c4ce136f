package io.packetlake.jobs.vectors;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.packetlake.jobs.activity.ActivityPartitions;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.activity.TcpFlag;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.lake.TableShape;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code connection_vectors} and {@code ip_activity_vectors} with the hashing trick (see
 * {@link VectorTables} for the columns), and {@code name_vectors} from the dns table ({@link
 * NameVectors}). Hashing needs no vocabulary, so vectors of different runs and days share one
 * feature space and partitions can be recomputed alone; the cost is collisions, rare with 2^18
 * features against the few hundred distinct tokens and columns hashed here.
 *
 * <p>A run rewrites, by dynamic partition overwrite ({@link PartitionOverwrite}), the partitions of
 * its source tables that the connections and activity stages rewrite for the same dates (the days
 * of the run's {@link VectorConfig#horizon() horizon}), so reruns leave the same rows.
 */
public final class VectorJob {
  private static final Logger LOG = LoggerFactory.getLogger(VectorJob.class);

  /** The stage's name: its command, and its group of settings in the run ledger. */
  public static final String STAGE_NAME = "vectors";

  private VectorJob() {}

  public static VectorResult run(SparkSession spark, VectorConfig config, RunLedger ledger)
      throws IOException {
    ledger.settings(STAGE_NAME, config.settings());
    long connectionRows = connectionVectors(spark, config);
    long activityRows = activityVectors(spark, config);
    long nameRows = NameVectors.write(spark, config);
    ledger.rowsWritten(VectorTables.CONNECTION_VECTORS, connectionRows);
    ledger.rowsWritten(VectorTables.ACTIVITY_VECTORS, activityRows);
    ledger.rowsWritten(NameVectorTable.NAME, nameRows);
    return new VectorResult(connectionRows, activityRows, nameRows);
  }

  private static long connectionVectors(SparkSession spark, VectorConfig config)
      throws IOException {
    String source = config.lake().table(ConnectionTable.NAME);
    if (!exists(spark, source)) {
      LOG.warn("No connections table at {}: no connection vectors", source);
      return 0;
    }
    Dataset<Row> connections = ConnectionTable.CATALOG.read(spark, source);
    if (!config.allDates()) {
      connections = connections.where(col(ConnectionTable.START_DATE).isInCollection(days(config)));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col("connection_id"));
    columns.add(col(ConnectionTable.START_TIME));
    columns.add(col("ip_protocol_name"));
    // The responder's port is the service; as text it hashes as a category, not a magnitude.
    columns.add(col("responder_port").cast("string").as("service_port"));
    columns.add(col("connection_state"));
    for (String numeric : VectorTables.CONNECTION_NUMERIC) {
      columns.add(log1p(col(numeric)).as(numeric));
    }
    columns.add(col(ConnectionTable.CAPTURE_IDS));
    columns.add(col(ConnectionTable.START_DATE));
    Dataset<Row> hashed =
        new FeatureHasher()
            .setInputCols(
                inputColumns(VectorTables.CONNECTION_CATEGORICAL, VectorTables.CONNECTION_NUMERIC))
            .setOutputCol("features")
            .setNumFeatures(config.numberOfFeatures())
            .transform(connections.select(columns.toArray(Column[]::new)));
    return PartitionOverwrite.writeCounted(
        TableShape.conform(hashed, VectorTables.CONNECTION_VECTORS_CATALOG),
        config.lake(),
        VectorTables.CONNECTION_VECTORS_CATALOG);
  }

  private static long activityVectors(SparkSession spark, VectorConfig config) throws IOException {
    String source = config.lake().table(ActivityTable.NAME);
    if (!exists(spark, source)) {
      LOG.warn("No ip_activity table at {}: no activity vectors", source);
      return 0;
    }
    Dataset<Row> activity = ActivityTable.CATALOG.read(spark, source);
    if (!config.allDates()) {
      activity = activity.where(ActivityPartitions.rewrittenBy(days(config)));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col(ActivityTable.ADDRESS));
    columns.add(col(ActivityTable.ROLE));
    columns.add(col(ActivityTable.PERIOD_START));
    columns.add(tokens().as("tokens"));
    for (String numeric : VectorTables.ACTIVITY_NUMERIC) {
      columns.add(log1p(col(numeric)).as(numeric));
    }
    columns.add(col(ActivityTable.GRAIN));
    columns.add(col(ActivityTable.PERIOD_DATE));
    Dataset<Row> withTokens =
        new HashingTF()
            .setInputCol("tokens")
            .setOutputCol("token_features")
            .setNumFeatures(config.numberOfFeatures())
            .transform(activity.select(columns.toArray(Column[]::new)));
    Dataset<Row> hashed =
        new FeatureHasher()
            .setInputCols(VectorTables.ACTIVITY_NUMERIC.toArray(String[]::new))
            .setOutputCol("numeric_features")
            .setNumFeatures(config.numberOfFeatures())
            .transform(withTokens);
    return PartitionOverwrite.writeCounted(
        TableShape.conform(hashed, VectorTables.ACTIVITY_VECTORS_CATALOG),
        config.lake(),
        VectorTables.ACTIVITY_VECTORS_CATALOG);
  }

  /**
   * The bag of words of an activity row: {@code role:<role>}; {@code proto:<name>} and {@code
   * state:<state>} for every protocol and connection state it has connections of; {@code
   * flag:<FLAG>} for every TCP flag it has packets with; {@code dport:<port>} for the port with the
   * most peers. Each token appears once: amounts are in {@code numeric_features}.
   */
  static Column tokens() {
    List<Column> single = new ArrayList<>();
    single.add(concat(lit("role:"), col(ActivityTable.ROLE)));
    for (TcpFlag flag : TcpFlag.values()) {
      single.add(when(col(flag.prefix() + "_packets").gt(0), lit("flag:" + flag.name())));
    }
    single.add(
        when(
            col("port_with_max_peers").isNotNull(),
            concat(lit("dport:"), col("port_with_max_peers").cast("string"))));
    Column protocols =
        transform(map_keys(col("connections_by_protocol")), name -> concat(lit("proto:"), name));
    Column states =
        transform(map_keys(col("connections_by_state")), name -> concat(lit("state:"), name));
    return array_distinct(
        array_compact(flatten(array(array(single.toArray(Column[]::new)), protocols, states))));
  }

  /** The connection start dates and activity days a run over {@code config}'s dates rewrites. */
  private static TreeSet<LocalDate> days(VectorConfig config) {
    return config.horizon().recomputed(config.dates());
  }

  private static String[] inputColumns(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all.toArray(String[]::new);
  }

  private static boolean exists(SparkSession spark, String path) throws IOException {
    Path directory = new Path(path);
    FileSystem fileSystem = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    return fileSystem.exists(directory);
  }
}
