package io.packetlake.benchmarks;

/**
 * The drill-down from one connection to its packets as docs/GLOSSARY.md gives it: the connection's
 * key, time range, dates and captures as scalar subqueries, which Spark evaluates first and then
 * applies to the packets scan as plain values (partition pruning, and Parquet statistics on {@code
 * packet_time_ns} skip the files of other times).
 */
final class DrillDown {
  private DrillDown() {}

  static String countQuery(String connectionId) {
    return """
        WITH c AS (SELECT * FROM connections WHERE connection_id = '%s')
        SELECT count(*) FROM packets
        WHERE capture_id IN (SELECT explode(capture_ids) FROM c)
          AND packet_date BETWEEN (SELECT start_date FROM c) AND (SELECT to_date(end_time) FROM c)
          AND packet_time_ns BETWEEN (SELECT start_time_ns FROM c) AND (SELECT end_time_ns FROM c)
          AND flow_key_hash = (SELECT flow_key_hash FROM c)
        """
        .formatted(connectionId);
  }
}
