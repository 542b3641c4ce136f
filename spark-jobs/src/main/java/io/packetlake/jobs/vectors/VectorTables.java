package io.packetlake.jobs.vectors;

import java.util.List;

/**
 * The vector tables. Vectors are MLlib {@code VectorUDT} columns (sparse, stored by Parquet as the
 * UDT's struct), so {@code spark.read().parquet(...)} gives columns any MLlib estimator takes as
 * they are.
 *
 * <p>{@code connection_vectors}: {@code connection_id}, {@code start}, {@code features},
 * partitioned by {@code date} like {@code connections}. {@code features} is a {@code FeatureHasher}
 * over the categorical columns {@link #CONNECTION_CATEGORICAL} (as text: {@code protocol_name=tcp})
 * and log1p of the numeric columns {@link #CONNECTION_NUMERIC} (counts and bytes span orders of
 * magnitude; log1p keeps a scan probe and a backup on one scale and maps 0 to 0).
 *
 * <p>{@code ip_activity_vectors}: {@code address}, {@code role}, {@code period_start}, {@code
 * tokens}, {@code token_features}, {@code numeric_features}, partitioned by {@code grain} and
 * {@code period_date} like {@code ip_activity}. {@code tokens} is the row's bag of words ({@code
 * role:source}, {@code proto:udp}, {@code state:REJ}, {@code flag:SYN}, {@code dport:443}, see
 * {@link VectorJob}); {@code token_features} its {@code HashingTF}; {@code numeric_features} a
 * {@code FeatureHasher} over log1p of {@link #ACTIVITY_NUMERIC}.
 */
public final class VectorTables {
  public static final String CONNECTION_VECTORS = "connection_vectors";
  public static final String ACTIVITY_VECTORS = "ip_activity_vectors";

  public static final List<String> CONNECTION_CATEGORICAL =
      List.of("protocol_name", "service_port", "connection_state");

  public static final List<String> CONNECTION_NUMERIC =
      List.of(
          "originator_packets",
          "responder_packets",
          "originator_bytes",
          "responder_bytes",
          "duration",
          "retransmitted_packets",
          "fragmented_packets",
          "tcp_flag_count");

  public static final List<String> ACTIVITY_NUMERIC =
      List.of(
          "packets",
          "bytes",
          "peers",
          "ports",
          "max_peers_on_one_port",
          "max_ports_on_one_peer",
          "connections",
          "syn_packets",
          "fin_packets",
          "ack_packets",
          "rst_packets",
          "psh_packets",
          "urg_packets");

  private VectorTables() {}
}
