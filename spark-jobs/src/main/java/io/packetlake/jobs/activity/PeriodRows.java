package io.packetlake.jobs.activity;

import static io.packetlake.jobs.activity.ActivityInputs.BYTES;
import static io.packetlake.jobs.activity.ActivityInputs.CONNECTION_STATE;
import static io.packetlake.jobs.activity.ActivityInputs.MINUTE;
import static io.packetlake.jobs.activity.ActivityInputs.PACKETS;
import static io.packetlake.jobs.activity.ActivityInputs.PEER;
import static io.packetlake.jobs.activity.ActivityInputs.PORT;
import static io.packetlake.jobs.activity.ActivityInputs.PROTOCOL_NAME;
import static io.packetlake.jobs.activity.ActivityInputs.START;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The plan of the minute, hour and day rows of {@code ip_activity}, from the minute cells and the
 * connection roles of {@link ActivityInputs}.
 *
 * <p>Every aggregate groups by (address, role, period_date) and more, the partitioning of both
 * inputs, and the parts of a row meet in a union and one last aggregation rather than joins: the
 * only shuffles are those that partition the inputs. The three grains are rows of the same
 * aggregates (keyed by grain and period start), not a copy of the plan per grain: a smaller plan is
 * faster to optimize and to compile, and its cells are computed once.
 */
final class PeriodRows {
  private static final String NAME = "name";
  private static final String COUNT = "count";
  private static final String NEGATED = "negated";
  private static final String TOTALS = "totals";
  private static final String HORIZONTAL = "horizontal";
  private static final String VERTICAL = "vertical";
  private static final String BY_PROTOCOL = "by_protocol";
  private static final String BY_STATE = "by_state";
  private static final String GRAINS = "grains";
  private static final String CONNECTIONS = "connections";
  private static final String CONNECTIONS_BY_PROTOCOL = "connections_by_protocol";
  private static final String CONNECTIONS_BY_STATE = "connections_by_state";
  private static final String MAX_PEERS_ON_ONE_PORT = "max_peers_on_one_port";
  private static final String MAX_PORTS_ON_ONE_PEER = "max_ports_on_one_peer";

  private PeriodRows() {}

  /** Minute, hour and day rows of the minute cells and the connection roles, in one plan. */
  static Dataset<Row> of(Dataset<Row> minuteCells, Dataset<Row> connectionRoles) {
    Dataset<Row> cells = cellsPerPeriod(minuteCells);
    Dataset<Row> connections = withDayGrains(connectionRoles, col(START));
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(totals(cells));
    parts.add(horizontalScan(cells));
    parts.add(verticalScan(cells));
    Dataset<Row> named = connectionNames(connections);
    parts.add(connectionsByProtocol(named));
    parts.add(connectionsByState(named));
    Dataset<Row> union = null;
    for (Dataset<Row> part : parts) {
      union = union == null ? part : union.unionByName(part, true);
    }
    List<Column> firsts = new ArrayList<>();
    for (String part : List.of(HORIZONTAL, VERTICAL, BY_PROTOCOL, BY_STATE)) {
      firsts.add(first(col(part), true).as(part));
    }
    Dataset<Row> rows =
        union
            .groupBy(key())
            .agg(first(col(TOTALS), true).as(TOTALS), firsts.toArray(Column[]::new))
            // Periods are those with packets; connections start with a packet of both roles.
            .where(col(TOTALS).isNotNull());
    return ActivityTable.conform(
        completed(
            rows.select(
                keyAnd(
                    col(TOTALS + ".*"),
                    col(HORIZONTAL + "." + NEGATED).multiply(-1).as(MAX_PEERS_ON_ONE_PORT),
                    col(HORIZONTAL + "." + PORT).as("port_with_max_peers"),
                    col(VERTICAL + "." + NEGATED).multiply(-1).as(MAX_PORTS_ON_ONE_PEER),
                    col(VERTICAL + "." + PEER).as("peer_with_max_ports"),
                    col(BY_PROTOCOL + "." + CONNECTIONS).as(CONNECTIONS),
                    col(BY_PROTOCOL + "." + CONNECTIONS_BY_PROTOCOL).as(CONNECTIONS_BY_PROTOCOL),
                    col(BY_STATE).as(CONNECTIONS_BY_STATE)))));
  }

  /**
   * Estimates next to their sketches, and zeros where a period has no ports or connections: the
   * last step of the rows of every grain.
   */
  static Dataset<Row> completed(Dataset<Row> rows) {
    Dataset<Row> completed = rows;
    for (String sketch : ActivityTable.sketchColumns()) {
      completed =
          completed.withColumn(ActivityTable.estimateOf(sketch), hll_sketch_estimate(col(sketch)));
    }
    Column noCounts = map().cast("map<string,bigint>");
    return completed
        .withColumn(MAX_PEERS_ON_ONE_PORT, coalesce(col(MAX_PEERS_ON_ONE_PORT), lit(0L)))
        .withColumn(MAX_PORTS_ON_ONE_PEER, coalesce(col(MAX_PORTS_ON_ONE_PEER), lit(0L)))
        .withColumn(CONNECTIONS, coalesce(col(CONNECTIONS), lit(0L)))
        .withColumn(CONNECTIONS_BY_PROTOCOL, coalesce(col(CONNECTIONS_BY_PROTOCOL), noCounts))
        .withColumn(CONNECTIONS_BY_STATE, coalesce(col(CONNECTIONS_BY_STATE), noCounts));
  }

  /** The key of a row: grain, address, role, period_date, period_start. */
  private static Column[] key() {
    return keyAnd();
  }

  /** The key of a row followed by {@code more}. */
  private static Column[] keyAnd(Column... more) {
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(ActivityTable.PERIOD_START)));
    columns.addAll(Arrays.asList(more));
    return columns.toArray(Column[]::new);
  }

  /**
   * The rows with a row more per grain of a day: their grain and the period start of {@code time}.
   */
  private static Dataset<Row> withDayGrains(Dataset<Row> rows, Column time) {
    List<Column> grains = new ArrayList<>();
    for (Grain grain : List.of(Grain.MINUTE, Grain.HOUR, Grain.DAY)) {
      grains.add(
          struct(
              lit(grain.value()).as(ActivityTable.GRAIN),
              date_trunc(grain.value(), time).as(ActivityTable.PERIOD_START)));
    }
    return rows.select(col("*"), explode(array(grains.toArray(Column[]::new))).as(GRAINS))
        .withColumn(ActivityTable.GRAIN, col(GRAINS + "." + ActivityTable.GRAIN))
        .withColumn(ActivityTable.PERIOD_START, col(GRAINS + "." + ActivityTable.PERIOD_START));
  }

  /** The counter columns of a cell, each summed over the packets of the cell. */
  private static List<String> counterColumns() {
    List<String> counters = new ArrayList<>();
    counters.add(BYTES);
    for (TcpFlag flag : TcpFlag.values()) {
      counters.add(flag.packetsColumn());
    }
    return counters;
  }

  /**
   * One row per grain, period and (peer, port): counting rows then counts distinct values exactly.
   * Minute cells are already that for the minute grain; one aggregation makes those of the hour and
   * the day as well.
   */
  private static Dataset<Row> cellsPerPeriod(Dataset<Row> minuteCells) {
    List<Column> cellColumns = new ArrayList<>();
    for (String column :
        List.of(
            ActivityTable.ADDRESS,
            ActivityTable.ROLE,
            ActivityTable.PERIOD_DATE,
            MINUTE,
            PEER,
            PORT)) {
      cellColumns.add(col(column));
    }
    cellColumns.add(col(PACKETS));
    List<Column> counters = new ArrayList<>();
    for (String counter : counterColumns()) {
      cellColumns.add(col(counter));
      counters.add(sum(col(counter)).as(counter));
    }
    return withDayGrains(minuteCells.select(cellColumns.toArray(Column[]::new)), col(MINUTE))
        .groupBy(keyAnd(col(PEER), col(PORT)))
        .agg(sum(col(PACKETS)).as(PACKETS), counters.toArray(Column[]::new));
  }

  /** Per period, the counts and the sketches of peers and ports, as one struct column. */
  private static Dataset<Row> totals(Dataset<Row> cells) {
    List<Column> totals = new ArrayList<>();
    totals.add(sum(col(BYTES)).as(BYTES));
    totals.add(hll_sketch_agg(col(PEER), ActivityTable.LG_CONFIG_K).as("peers_sketch"));
    totals.add(hll_sketch_agg(col(PORT), ActivityTable.LG_CONFIG_K).as("ports_sketch"));
    List<String> totalColumns =
        new ArrayList<>(List.of(PACKETS, BYTES, "peers_sketch", "ports_sketch"));
    for (TcpFlag flag : TcpFlag.values()) {
      String packets = flag.packetsColumn();
      String peersSketch = flag.prefix() + "_peers_sketch";
      totals.add(sum(col(packets)).as(packets));
      totals.add(
          hll_sketch_agg(when(col(packets).gt(0), col(PEER)), ActivityTable.LG_CONFIG_K)
              .as(peersSketch));
      totalColumns.add(packets);
      totalColumns.add(peersSketch);
    }
    return cells
        .groupBy(key())
        .agg(sum(col(PACKETS)).as(PACKETS), totals.toArray(Column[]::new))
        .select(
            keyAnd(
                struct(totalColumns.stream().map(functions::col).toArray(Column[]::new))
                    .as(TOTALS)));
  }

  // min of (-count, value): the largest count, ties broken by the lowest value. Rows without a
  // port are left out by the aggregates rather than by a filter, which Spark would push below the
  // shuffle and so read and partition the packets a second time.

  /** Per period, the port with the most distinct peers and their number, negated. */
  private static Dataset<Row> horizontalScan(Dataset<Row> cells) {
    return cells
        .groupBy(keyAnd(col(PORT)))
        .agg(count(lit(1)).as("peers_on_port"))
        .groupBy(key())
        .agg(
            min(when(
                    col(PORT).isNotNull(),
                    struct(col("peers_on_port").multiply(-1).as(NEGATED), col(PORT))))
                .as(HORIZONTAL));
  }

  /** Per period, the peer with the most distinct ports and their number, negated. */
  private static Dataset<Row> verticalScan(Dataset<Row> cells) {
    return cells
        .groupBy(keyAnd(col(PEER)))
        .agg(count(col(PORT)).as("ports_on_peer"))
        .groupBy(key())
        .agg(
            min(when(
                    col("ports_on_peer").gt(0),
                    struct(col("ports_on_peer").multiply(-1).as(NEGATED), col(PEER))))
                .as(VERTICAL));
  }

  /**
   * Connections per period, protocol name and state: one grouping by both names, which both
   * connection parts then read from the same partitioned connections.
   */
  private static Dataset<Row> connectionNames(Dataset<Row> connections) {
    return connections
        .groupBy(keyAnd(col(PROTOCOL_NAME), col(CONNECTION_STATE)))
        .agg(count(lit(1)).as(COUNT));
  }

  /** Per period, the number of connections and their counts per protocol, as one struct. */
  private static Dataset<Row> connectionsByProtocol(Dataset<Row> named) {
    return countsByName(named, PROTOCOL_NAME, CONNECTIONS_BY_PROTOCOL)
        .select(keyAnd(struct(col(CONNECTIONS), col(CONNECTIONS_BY_PROTOCOL)).as(BY_PROTOCOL)));
  }

  /** Per period, the counts of connections per state. */
  private static Dataset<Row> connectionsByState(Dataset<Row> named) {
    return countsByName(named, CONNECTION_STATE, CONNECTIONS_BY_STATE)
        .select(keyAnd(col(CONNECTIONS_BY_STATE).as(BY_STATE)));
  }

  /**
   * Per period, the number of connections and the map from each value of {@code name} to its count.
   */
  private static Dataset<Row> countsByName(Dataset<Row> named, String name, String mapColumn) {
    return named
        .groupBy(keyAnd(col(name).as(NAME)))
        .agg(sum(col(COUNT)).as(COUNT))
        .groupBy(key())
        .agg(
            sum(col(COUNT)).as(CONNECTIONS),
            map_from_entries(array_sort(collect_list(struct(col(NAME), col(COUNT)))))
                .as(mapColumn));
  }
}
