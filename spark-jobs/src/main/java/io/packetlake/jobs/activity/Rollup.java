package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Month and year rows of {@code ip_activity}, from the day rows of their month or year as stored in
 * the table: {@code hll_union_agg} of the day sketches, sums of the counts, counts per name summed
 * key by key, and the largest day value of the maxima, both grains in one aggregation. Adding a day
 * so reads that day's packets and the stored day rows of its month and year, never the packets of
 * other days.
 */
final class Rollup {
  private static final String GRAINS = "grains";
  private static final String PERIOD = "period";
  private static final String NEGATED = "negated";
  private static final String HORIZONTAL = "horizontal";
  private static final String VERTICAL = "vertical";

  private Rollup() {}

  /** The stored day rows of the years whose first days are {@code yearDates}. */
  static Dataset<Row> dayRows(SparkSession spark, String table, Collection<LocalDate> yearDates)
      throws IOException {
    return StoredDayRows.of(spark, table, ActivityTable.CATALOG, yearDates);
  }

  /**
   * Month and year rows from day rows, both grains in one aggregation. A day row counts towards its
   * month when that month's first day is one of {@code monthDates}, and towards its year likewise.
   */
  static Dataset<Row> of(
      Dataset<Row> days, Collection<LocalDate> monthDates, Collection<LocalDate> yearDates) {
    List<Column> periods = new ArrayList<>();
    for (Grain grain : List.of(Grain.MONTH, Grain.YEAR)) {
      Column start = date_trunc(grain.value(), col(ActivityTable.PERIOD_START));
      Collection<LocalDate> dates = grain == Grain.MONTH ? monthDates : yearDates;
      periods.add(
          when(
              to_date(start).isInCollection(dates),
              struct(lit(grain.value()).as(ActivityTable.GRAIN), start.as(PERIOD))));
    }
    Dataset<Row> rows =
        days.select(col("*"), explode(array(periods.toArray(Column[]::new))).as(GRAINS))
            .where(col(GRAINS).isNotNull())
            .withColumn(ActivityTable.GRAIN, col(GRAINS + "." + ActivityTable.GRAIN))
            .withColumn(ActivityTable.PERIOD_START, col(GRAINS + "." + PERIOD));
    Dataset<Row> totals =
        rows.groupBy(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_START))
            .agg(sum(col("packets")).as("packets"), aggregates().toArray(Column[]::new))
            .withColumn("max_peers_on_one_port", col(HORIZONTAL + "." + NEGATED).multiply(-1))
            .withColumn("port_with_max_peers", col(HORIZONTAL + ".port_with_max_peers"))
            .withColumn("max_ports_on_one_peer", col(VERTICAL + "." + NEGATED).multiply(-1))
            .withColumn("peer_with_max_ports", col(VERTICAL + ".peer_with_max_ports"))
            .withColumn("connections_by_protocol", mergedCounts(col("connections_by_protocol")))
            .withColumn("connections_by_state", mergedCounts(col("connections_by_state")))
            .withColumn(ActivityTable.PERIOD_DATE, to_date(col(ActivityTable.PERIOD_START)));
    return ActivityTable.conform(PeriodRows.completed(totals));
  }

  /** The aggregates of a month or year other than its packets. */
  private static List<Column> aggregates() {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(col(ActivityInputs.BYTES)).as(ActivityInputs.BYTES));
    for (String sketch : ActivityTable.sketchColumns()) {
      aggregates.add(hll_union_agg(col(sketch)).as(sketch));
    }
    for (TcpFlag flag : TcpFlag.values()) {
      aggregates.add(sum(col(flag.packetsColumn())).as(flag.packetsColumn()));
    }
    aggregates.add(sum(col("connections")).as("connections"));
    // min of (-value, its port or peer): the largest day value, ties broken by the lowest.
    aggregates.add(
        min(struct(
                col("max_peers_on_one_port").multiply(-1).as(NEGATED), col("port_with_max_peers")))
            .as(HORIZONTAL));
    aggregates.add(
        min(struct(
                col("max_ports_on_one_peer").multiply(-1).as(NEGATED), col("peer_with_max_ports")))
            .as(VERTICAL));
    for (String counts : List.of("connections_by_protocol", "connections_by_state")) {
      aggregates.add(collect_list(col(counts)).as(counts));
    }
    return aggregates;
  }

  /** The sum, key by key, of an array of maps of counts, its entries sorted by key. */
  private static Column mergedCounts(Column maps) {
    Column merged =
        functions.aggregate(
            maps,
            map().cast("map<string,bigint>"),
            (sums, counts) ->
                functions.map_zip_with(
                    sums,
                    counts,
                    (name, left, right) -> coalesce(left, lit(0L)).plus(coalesce(right, lit(0L)))));
    return map_from_entries(array_sort(functions.map_entries(merged)));
  }
}
