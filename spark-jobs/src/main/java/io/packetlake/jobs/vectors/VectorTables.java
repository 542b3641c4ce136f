package io.packetlake.jobs.vectors;

import static io.packetlake.jobs.lake.TableColumn.required;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.activity.TcpFlag;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.TableCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;

/**
 * The vector tables. Vectors are MLlib {@code VectorUDT} columns (sparse, stored by Parquet as the
 * UDT's struct), so {@code spark.read().parquet(...)} gives columns any MLlib estimator takes as
 * they are.
 *
 * <p>{@link #CONNECTION_VECTORS_CATALOG}: one row per connection, partitioned by {@code date} like
 * {@code connections}. Its {@code features} are a {@code FeatureHasher} over the categorical
 * columns {@link #CONNECTION_CATEGORICAL} (as text: {@code ip_protocol_name=tcp}) and log1p of the
 * numeric columns {@link #CONNECTION_NUMERIC} (counts and bytes span orders of magnitude; log1p
 * keeps a scan probe and a backup on one scale and maps 0 to 0).
 *
 * <p>{@link #ACTIVITY_VECTORS_CATALOG}: one row per {@code ip_activity} row, partitioned by {@code
 * grain} and {@code period_date} like {@code ip_activity}. Its {@code tokens} are the row's bag of
 * words (see {@link VectorJob#tokens()}), {@code token_features} their {@code HashingTF}, and
 * {@code numeric_features} a {@code FeatureHasher} over log1p of {@link #ACTIVITY_NUMERIC}.
 */
public final class VectorTables {
  public static final String CONNECTION_VECTORS = "connection_vectors";
  public static final String ACTIVITY_VECTORS = "ip_activity_vectors";

  /** Columns of {@code connections} hashed as categories. */
  public static final List<String> CONNECTION_CATEGORICAL =
      List.of("ip_protocol_name", "service_port", "connection_state");

  /** Columns of {@code connections} hashed as log1p of their value. */
  public static final List<String> CONNECTION_NUMERIC =
      List.of(
          "originator_packets",
          "responder_packets",
          "originator_frame_bytes",
          "responder_frame_bytes",
          "duration",
          "retransmitted_packets",
          "fragmented_packets",
          "tcp_flag_count");

  /** Columns of {@code ip_activity} hashed as log1p of their value. */
  public static final List<String> ACTIVITY_NUMERIC = activityNumeric();

  public static final TableCatalog CONNECTION_VECTORS_CATALOG =
      new TableCatalog(
          CONNECTION_VECTORS,
          "One row per connection: its protocol, service port, state and log-scaled counts hashed"
              + " into one feature vector",
          List.of(
              required("connection_id", StringType, "The connection's connection_id"),
              required(ConnectionTable.START_TIME, TimestampType, "The connection's start_time"),
              required(
                  "features",
                  SQLDataTypes.VectorType(),
                  "FeatureHasher vector of ip_protocol_name, service_port (responder_port),"
                      + " connection_state and log1p of originator and responder packets and"
                      + " bytes, duration, retransmitted_packets, fragmented_packets and"
                      + " tcp_flag_count"),
              required(
                  ConnectionTable.CAPTURE_IDS,
                  DataTypes.createArrayType(StringType),
                  "The connection's capture_ids"),
              required(ConnectionTable.START_DATE, DateType, "UTC date of start_time (partition)")),
          List.of(ConnectionTable.START_DATE));

  public static final TableCatalog ACTIVITY_VECTORS_CATALOG =
      new TableCatalog(
          ACTIVITY_VECTORS,
          "One row per ip_activity row: its bag of words and its log-scaled counts, each hashed"
              + " into a feature vector",
          List.of(
              required(ActivityTable.ADDRESS, StringType, "The IP address the row describes"),
              required(ActivityTable.ROLE, StringType, "source or destination, as in ip_activity"),
              required(
                  ActivityTable.PERIOD_START,
                  TimestampType,
                  "First instant of the UTC calendar period"),
              required(
                  "tokens",
                  DataTypes.createArrayType(StringType),
                  "The row's bag of words, each token once: role:<role>, proto:<name> and"
                      + " state:<state> of its connections, flag:<FLAG> of the TCP flags its"
                      + " packets carry, dport:<port> of the port with the most peers"),
              required("token_features", SQLDataTypes.VectorType(), "HashingTF vector of tokens"),
              required(
                  "numeric_features",
                  SQLDataTypes.VectorType(),
                  "FeatureHasher vector of log1p of packets, frame_bytes, peers, ports, the scan maxima,"
                      + " connections and the TCP flag packet counts"),
              required(
                  ActivityTable.GRAIN, StringType, "minute, hour, day, month or year (partition)"),
              required(
                  ActivityTable.PERIOD_DATE,
                  DateType,
                  "period_date of the ip_activity row (partition)")),
          List.of(ActivityTable.GRAIN, ActivityTable.PERIOD_DATE));

  private VectorTables() {}

  private static List<String> activityNumeric() {
    List<String> columns =
        new ArrayList<>(
            List.of(
                "packets",
                "frame_bytes",
                "peers",
                "ports",
                "max_peers_on_one_port",
                "max_ports_on_one_peer",
                "connections"));
    for (TcpFlag flag : TcpFlag.values()) {
      columns.add(flag.packetsColumn());
    }
    return List.copyOf(columns);
  }
}
