package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.PacketTable;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code packets} and {@code connections} tables and writes {@code ip_activity}.
 *
 * <p>Minute, hour and day rows are computed from the packets (and connections) of the recomputed
 * days: sketches with {@code hll_sketch_agg}, and the two "most on one" columns exactly, by
 * grouping the period's distinct (peer, port) pairs. The three grains are one plan whose only
 * shuffles partition the packets and the connections by address, role and date (see {@link
 * #periodRows}). Month and year rows are then computed from the day rows of their month or year as
 * stored in the table ({@code hll_union_agg} of the day sketches, sums of the counts, the largest
 * day value of the maxima; both grains in one aggregation), so adding a day reads that day's
 * packets and the stored day rows of its month and year, never the packets of other days. The rows
 * written per grain are counted while writing.
 *
 * <p>A run recomputes the changed days and the day before each (the connections stage rewrites that
 * day's connections too). Writes use dynamic partition overwrite on ({@code grain}, {@code
 * period_date}): reruns leave the same rows and a failed run leaves nothing visible.
 */
public final class ActivityJob {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityJob.class);
  private static final String PEER = "peer";
  private static final String PORT = "port";
  private static final String MINUTE = "minute";
  private static final String NAME = "name";
  private static final String COUNT = "count";
  private static final String ROLE_ROW = "role_row";
  private static final String TOTALS = "totals";
  private static final String HORIZONTAL = "horizontal";
  private static final String VERTICAL = "vertical";
  private static final String BY_PROTOCOL = "by_protocol";
  private static final String BY_STATE = "by_state";
  private static final String GRAINS = "grains";
  private static final String PERIOD = "period";

  /** Bytes of packets Parquet per shuffle partition: a few million packets. */
  private static final long PACKET_BYTES_PER_PARTITION = 64L << 20;

  private ActivityJob() {}

  public static ActivityResult run(SparkSession spark, ActivityConfig config, RunLedger ledger)
      throws IOException {
    String packetsPath = config.lake().table(PacketTable.NAME);
    String table = config.lake().table(ActivityTable.NAME);
    FileSystem fileSystem =
        new Path(packetsPath).getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(new Path(packetsPath))) {
      LOG.warn("No packets table at {}: nothing to do", packetsPath);
      return empty(ledger);
    }
    Dataset<Row> packets = spark.read().parquet(packetsPath);
    TreeSet<LocalDate> available = PartitionDates.of(fileSystem, new Path(packetsPath));
    TreeSet<LocalDate> recomputed = new TreeSet<>();
    if (config.allDates()) {
      recomputed.addAll(available);
    } else {
      for (LocalDate changed : config.dates()) {
        recomputed.add(changed);
        recomputed.add(changed.minusDays(1));
      }
      recomputed.retainAll(available);
    }
    if (recomputed.isEmpty()) {
      LOG.warn("No packets on the dates {}: nothing to do", config.dates());
      return empty(ledger);
    }
    LOG.info("Recomputing ip_activity of the days {}", recomputed);

    int partitions = partitions(spark, fileSystem, packetsPath, recomputed);
    Dataset<Row> cells =
        minuteCells(packets.where(col(PacketTable.DATE).isInCollection(recomputed)), partitions);
    Dataset<Row> connections = connectionRoles(connections(spark, config, recomputed), partitions);
    Map<Grain, Long> rowsPerGrain = new EnumMap<>(Grain.class);
    rowsPerGrain.putAll(write(periodRows(cells, connections), table));

    // Months and years hold the recomputed days; everything else they need is in the table.
    TreeSet<LocalDate> monthStarts = new TreeSet<>();
    TreeSet<LocalDate> yearStarts = new TreeSet<>();
    for (LocalDate day : recomputed) {
      monthStarts.add(periodStart(Grain.MONTH, day));
      yearStarts.add(periodStart(Grain.YEAR, day));
    }
    TreeSet<LocalDate> rollupPeriods = new TreeSet<>(monthStarts);
    rollupPeriods.addAll(yearStarts);
    Dataset<Row> days = dayRows(spark, table, yearStarts);
    write(ActivityTable.conform(rollUp(days, monthStarts, yearStarts)), table)
        .forEach((grain, count) -> rowsPerGrain.merge(grain, count, Long::sum));

    long rows = rowsPerGrain.values().stream().mapToLong(Long::longValue).sum();
    ledger.rowsWritten(ActivityTable.NAME, rows);
    return new ActivityResult(List.copyOf(recomputed), List.copyOf(rollupPeriods), rowsPerGrain);
  }

  /**
   * Shuffle partitions of the period rows: one per {@value #PACKET_BYTES_PER_PARTITION} bytes of
   * the recomputed days' packets, at least the default parallelism and at most {@code
   * spark.sql.shuffle.partitions}.
   */
  private static int partitions(
      SparkSession spark, FileSystem fileSystem, String packetsPath, TreeSet<LocalDate> days)
      throws IOException {
    long bytes = 0;
    for (LocalDate day : days) {
      Path directory = new Path(packetsPath, PacketTable.DATE + "=" + day);
      if (fileSystem.exists(directory)) {
        bytes += fileSystem.getContentSummary(directory).getLength();
      }
    }
    int most = Math.max(1, spark.sessionState().conf().numShufflePartitions());
    int least = Math.min(most, Math.max(1, spark.sparkContext().defaultParallelism()));
    long wanted = (bytes + PACKET_BYTES_PER_PARTITION - 1) / PACKET_BYTES_PER_PARTITION;
    return (int) Math.max(least, Math.min(most, wanted));
  }

  /**
   * Packets of both roles reduced to one row per address, role, minute, peer and destination port:
   * the finest data every minute, hour and day value is computed from. The packets are read once
   * (each packet becomes its two role rows) and hash-partitioned by address, role and date: every
   * later aggregation groups by those columns and more, so it needs no further shuffle.
   */
  static Dataset<Row> minuteCells(Dataset<Row> packets, int partitions) {
    Dataset<Row> ip =
        packets.where(
            col("timestamp")
                .isNotNull()
                .and(col("ip_src").isNotNull())
                .and(col("ip_dst").isNotNull()));
    Column minute = date_trunc(Grain.MINUTE.value(), col("timestamp"));
    Dataset<Row> roles =
        ip.select(
                explode(
                        array(
                            role(ActivityTable.SOURCE, "ip_src", "ip_dst"),
                            role(ActivityTable.DESTINATION, "ip_dst", "ip_src")))
                    .as(ROLE_ROW),
                to_date(minute).as(ActivityTable.PERIOD_DATE),
                minute.as(MINUTE),
                // The service port in both roles: the ports a source reached, the own ports
                // reached.
                col("dst_port").as(PORT),
                col("frame_length"),
                col("tcp_flags"))
            .select(
                col(ROLE_ROW + "." + ActivityTable.ADDRESS).as(ActivityTable.ADDRESS),
                col(ROLE_ROW + "." + ActivityTable.ROLE).as(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(MINUTE),
                col(ROLE_ROW + "." + PEER).as(PEER),
                col(PORT),
                col("frame_length"),
                col("tcp_flags"))
            .repartition(partitions, partitionKey());
    List<Column> sums = new ArrayList<>();
    sums.add(sum(col("frame_length").cast("long")).as("bytes"));
    for (TcpFlag flag : TcpFlag.values()) {
      sums.add(
          sum(when(col("tcp_flags").bitwiseAND(flag.bit()).notEqual(0), 1L).otherwise(0L))
              .as(flag.prefix() + "_packets"));
    }
    return roles
        .groupBy(
            col(ActivityTable.ADDRESS),
            col(ActivityTable.ROLE),
            col(ActivityTable.PERIOD_DATE),
            col(MINUTE),
            col(PEER),
            col(PORT))
        .agg(count(lit(1)).as("packets"), sums.toArray(Column[]::new));
  }

  private static Column role(String role, String address, String peer) {
    return struct(
        col(address).as(ActivityTable.ADDRESS),
        lit(role).as(ActivityTable.ROLE),
        col(peer).as(PEER));
  }

  private static Column[] partitionKey() {
    return new Column[] {
      col(ActivityTable.ADDRESS), col(ActivityTable.ROLE), col(ActivityTable.PERIOD_DATE)
    };
  }

  /**
   * Connections of both roles with the date of their start, partitioned like the minute cells so
   * that their counts meet the packet counts without a shuffle.
   */
  static Dataset<Row> connectionRoles(Dataset<Row> connections, int partitions) {
    return connections
        .select(
            explode(
                    array(
                        struct(
                            col("originator_address").as(ActivityTable.ADDRESS),
                            lit(ActivityTable.SOURCE).as(ActivityTable.ROLE)),
                        struct(
                            col("responder_address").as(ActivityTable.ADDRESS),
                            lit(ActivityTable.DESTINATION).as(ActivityTable.ROLE))))
                .as(ROLE_ROW),
            to_date(col("start")).as(ActivityTable.PERIOD_DATE),
            col("start"),
            col("protocol_name"),
            col("connection_state"))
        .select(
            col(ROLE_ROW + "." + ActivityTable.ADDRESS).as(ActivityTable.ADDRESS),
            col(ROLE_ROW + "." + ActivityTable.ROLE).as(ActivityTable.ROLE),
            col(ActivityTable.PERIOD_DATE),
            col("start"),
            col("protocol_name"),
            col("connection_state"))
        .repartition(partitions, partitionKey());
  }

  /**
   * Minute, hour and day rows of the minute cells and the connection roles, in one plan. Every
   * aggregate groups by (address, role, period_date) and more, the partitioning of both inputs, and
   * the parts of a row meet in a union and one last aggregation rather than joins: the only
   * shuffles are those that partition the inputs. The three grains are rows of the same aggregates
   * (keyed by grain and period start), not a copy of the plan per grain: a smaller plan is faster
   * to optimize and to compile, and its cells are computed once.
   */
  static Dataset<Row> periodRows(Dataset<Row> minuteCells, Dataset<Row> connectionRoles) {
    Dataset<Row> parts = null;
    for (Dataset<Row> part : periodParts(minuteCells, connectionRoles)) {
      parts = parts == null ? part : parts.unionByName(part, true);
    }
    List<Column> firsts = new ArrayList<>();
    for (String part : List.of(HORIZONTAL, VERTICAL, BY_PROTOCOL, BY_STATE)) {
      firsts.add(first(col(part), true).as(part));
    }
    Dataset<Row> rows =
        parts
            .groupBy(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(ActivityTable.PERIOD_START))
            .agg(first(col(TOTALS), true).as(TOTALS), firsts.toArray(Column[]::new))
            // Periods are those with packets; connections start with a packet of both roles.
            .where(col(TOTALS).isNotNull());
    return ActivityTable.conform(
        finish(
            rows.select(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(ActivityTable.PERIOD_START),
                col(TOTALS + ".*"),
                col(HORIZONTAL + ".negated").multiply(-1).as("max_peers_on_one_port"),
                col(HORIZONTAL + "." + PORT).as("port_with_max_peers"),
                col(VERTICAL + ".negated").multiply(-1).as("max_ports_on_one_peer"),
                col(VERTICAL + "." + PEER).as("peer_with_max_ports"),
                col(BY_PROTOCOL + ".connections").as("connections"),
                col(BY_PROTOCOL + ".connections_by_protocol").as("connections_by_protocol"),
                col(BY_STATE).as("connections_by_state"))));
  }

  /** The grain and the period start of a timestamp in each of minute, hour and day. */
  private static Column dayGrains(Column timestamp) {
    List<Column> grains = new ArrayList<>();
    for (Grain grain : List.of(Grain.MINUTE, Grain.HOUR, Grain.DAY)) {
      grains.add(
          struct(
              lit(grain.value()).as(ActivityTable.GRAIN),
              date_trunc(grain.value(), timestamp).as(ActivityTable.PERIOD_START)));
    }
    return explode(array(grains.toArray(Column[]::new)));
  }

  /**
   * The parts of the rows of the three grains, each keyed by grain, address, role, period_date and
   * period_start with one struct column set and the others null: totals and sketches, the
   * horizontal and vertical maxima, and the connection counts.
   */
  private static List<Dataset<Row>> periodParts(
      Dataset<Row> minuteCells, Dataset<Row> connectionRoles) {
    Column[] key = {
      col(ActivityTable.GRAIN),
      col(ActivityTable.ADDRESS),
      col(ActivityTable.ROLE),
      col(ActivityTable.PERIOD_DATE),
      col(ActivityTable.PERIOD_START)
    };
    List<String> counterColumns = new ArrayList<>();
    counterColumns.add("bytes");
    for (TcpFlag flag : TcpFlag.values()) {
      counterColumns.add(flag.prefix() + "_packets");
    }
    List<Column> counters = new ArrayList<>();
    for (String counter : counterColumns) {
      counters.add(sum(col(counter)).as(counter));
    }
    List<Column> cellColumns = new ArrayList<>();
    cellColumns.add(dayGrains(col(MINUTE)).as(GRAINS));
    for (String column :
        List.of(ActivityTable.ADDRESS, ActivityTable.ROLE, ActivityTable.PERIOD_DATE, PEER, PORT)) {
      cellColumns.add(col(column));
    }
    cellColumns.add(col("packets"));
    counterColumns.forEach(counter -> cellColumns.add(col(counter)));
    // One row per grain, period and (peer, port): counting rows then counts distinct values
    // exactly. Minute cells are already that for the minute grain; one aggregation makes those of
    // the hour and the day as well.
    Dataset<Row> cells =
        minuteCells
            .select(cellColumns.toArray(Column[]::new))
            .withColumn(ActivityTable.GRAIN, col(GRAINS + "." + ActivityTable.GRAIN))
            .withColumn(ActivityTable.PERIOD_START, col(GRAINS + "." + ActivityTable.PERIOD_START))
            .groupBy(key[0], key[1], key[2], key[3], key[4], col(PEER), col(PORT))
            .agg(sum(col("packets")).as("packets"), counters.toArray(Column[]::new));

    List<Column> totals = new ArrayList<>();
    totals.add(sum(col("bytes")).as("bytes"));
    totals.add(hll_sketch_agg(col(PEER), ActivityTable.LG_CONFIG_K).as("peers_sketch"));
    totals.add(hll_sketch_agg(col(PORT), ActivityTable.LG_CONFIG_K).as("ports_sketch"));
    for (TcpFlag flag : TcpFlag.values()) {
      String packets = flag.prefix() + "_packets";
      totals.add(sum(col(packets)).as(packets));
      totals.add(
          hll_sketch_agg(when(col(packets).gt(0), col(PEER)), ActivityTable.LG_CONFIG_K)
              .as(flag.prefix() + "_peers_sketch"));
    }
    List<String> totalColumns = new ArrayList<>();
    totalColumns.add("packets");
    totalColumns.add("bytes");
    totalColumns.add("peers_sketch");
    totalColumns.add("ports_sketch");
    for (TcpFlag flag : TcpFlag.values()) {
      totalColumns.add(flag.prefix() + "_packets");
      totalColumns.add(flag.prefix() + "_peers_sketch");
    }
    Dataset<Row> period =
        cells
            .groupBy(key)
            .agg(sum(col("packets")).as("packets"), totals.toArray(Column[]::new))
            .select(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_DATE),
                col(ActivityTable.PERIOD_START),
                struct(totalColumns.stream().map(functions::col).toArray(Column[]::new))
                    .as(TOTALS));

    // min of (-count, value): the largest count, ties broken by the lowest value. Rows without a
    // port are left out by the aggregates rather than by a filter, which Spark would push below
    // the shuffle and so read and partition the packets a second time.
    Dataset<Row> horizontal =
        cells
            .groupBy(key[0], key[1], key[2], key[3], key[4], col(PORT))
            .agg(count(lit(1)).as("peers_on_port"))
            .groupBy(key)
            .agg(
                min(when(
                        col(PORT).isNotNull(),
                        struct(col("peers_on_port").multiply(-1).as("negated"), col(PORT))))
                    .as(HORIZONTAL));
    Dataset<Row> vertical =
        cells
            .groupBy(key[0], key[1], key[2], key[3], key[4], col(PEER))
            .agg(count(col(PORT)).as("ports_on_peer"))
            .groupBy(key)
            .agg(
                min(when(
                        col("ports_on_peer").gt(0),
                        struct(col("ports_on_peer").multiply(-1).as("negated"), col(PEER))))
                    .as(VERTICAL));
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(period);
    parts.add(horizontal);
    parts.add(vertical);
    parts.addAll(
        connectionParts(
            connectionRoles
                .select(col("*"), dayGrains(col("start")).as(GRAINS))
                .withColumn(ActivityTable.GRAIN, col(GRAINS + "." + ActivityTable.GRAIN))
                .withColumn(
                    ActivityTable.PERIOD_START, col(GRAINS + "." + ActivityTable.PERIOD_START)),
            key));
    return parts;
  }

  /**
   * Connections per period as two parts: the total with the counts per protocol, and the counts per
   * state.
   */
  private static List<Dataset<Row>> connectionParts(Dataset<Row> roles, Column[] key) {
    // One grouping by both names first: both parts then read the same partitioned connections.
    Dataset<Row> named =
        roles
            .groupBy(
                key[0],
                key[1],
                key[2],
                key[3],
                key[4],
                col("protocol_name"),
                col("connection_state"))
            .agg(count(lit(1)).as(COUNT));
    return List.of(
        countsByName(named, key, "protocol_name", "connections_by_protocol")
            .select(
                key[0],
                key[1],
                key[2],
                key[3],
                key[4],
                struct(col("connections"), col("connections_by_protocol")).as(BY_PROTOCOL)),
        countsByName(named, key, "connection_state", "connections_by_state")
            .select(
                key[0], key[1], key[2], key[3], key[4], col("connections_by_state").as(BY_STATE)));
  }

  /**
   * Per period, the number of connections and the map from each value of {@code name} to its count.
   */
  private static Dataset<Row> countsByName(
      Dataset<Row> named, Column[] key, String name, String mapColumn) {
    return named
        .groupBy(key[0], key[1], key[2], key[3], key[4], col(name).as(NAME))
        .agg(sum(col(COUNT)).as(COUNT))
        .groupBy(key)
        .agg(
            sum(col(COUNT)).as("connections"),
            map_from_entries(array_sort(collect_list(struct(col(NAME), col(COUNT)))))
                .as(mapColumn));
  }

  /** Estimates next to their sketches, and zeros where a period has no ports or connections. */
  private static Dataset<Row> finish(Dataset<Row> rows) {
    Dataset<Row> finished = rows;
    for (String sketch : ActivityTable.sketchColumns()) {
      String estimate = sketch.substring(0, sketch.length() - "_sketch".length());
      finished = finished.withColumn(estimate, hll_sketch_estimate(col(sketch)));
    }
    Column noCounts = map().cast("map<string,bigint>");
    return finished
        .withColumn("max_peers_on_one_port", coalesce(col("max_peers_on_one_port"), lit(0L)))
        .withColumn("max_ports_on_one_peer", coalesce(col("max_ports_on_one_peer"), lit(0L)))
        .withColumn("connections", coalesce(col("connections"), lit(0L)))
        .withColumn("connections_by_protocol", coalesce(col("connections_by_protocol"), noCounts))
        .withColumn("connections_by_state", coalesce(col("connections_by_state"), noCounts));
  }

  /** The stored day rows of the years starting on {@code yearStarts}. */
  private static Dataset<Row> dayRows(
      SparkSession spark, String table, TreeSet<LocalDate> yearStarts) throws IOException {
    // Read the day partitions by their directories: the job then never reads the path it
    // overwrites, which Spark refuses, and lists only the days it needs. One listing of the day
    // grain finds them.
    Path days = new Path(table, ActivityTable.GRAIN + "=" + Grain.DAY.value());
    FileSystem fileSystem = days.getFileSystem(spark.sparkContext().hadoopConfiguration());
    String prefix = ActivityTable.PERIOD_DATE + "=";
    List<String> directories = new ArrayList<>();
    if (fileSystem.exists(days)) {
      for (FileStatus status : fileSystem.listStatus(days)) {
        String name = status.getPath().getName();
        if (!status.isDirectory() || !name.startsWith(prefix)) {
          continue;
        }
        LocalDate day;
        try {
          day = LocalDate.parse(name.substring(prefix.length()));
        } catch (DateTimeParseException e) {
          continue;
        }
        if (yearStarts.contains(periodStart(Grain.YEAR, day))) {
          directories.add(status.getPath().toString());
        }
      }
    }
    return spark
        .read()
        .option("basePath", table)
        .schema(ActivityTable.SCHEMA)
        .parquet(directories.toArray(String[]::new));
  }

  /**
   * Month and year rows from day rows, both grains in one aggregation: sketch unions, sums, map
   * counts summed key by key, and the largest day maxima. A day row counts towards its month when
   * that month starts on one of {@code monthStarts}, and towards its year likewise.
   */
  static Dataset<Row> rollUp(
      Dataset<Row> days, TreeSet<LocalDate> monthStarts, TreeSet<LocalDate> yearStarts) {
    List<Column> periods = new ArrayList<>();
    for (Grain grain : List.of(Grain.MONTH, Grain.YEAR)) {
      Column start = date_trunc(grain.value(), col(ActivityTable.PERIOD_START));
      TreeSet<LocalDate> starts = grain == Grain.MONTH ? monthStarts : yearStarts;
      periods.add(
          when(
              to_date(start).isInCollection(starts),
              struct(lit(grain.value()).as(ActivityTable.GRAIN), start.as(PERIOD))));
    }
    Dataset<Row> rows =
        days.select(col("*"), explode(array(periods.toArray(Column[]::new))).as(GRAINS))
            .where(col(GRAINS).isNotNull())
            .withColumn(ActivityTable.GRAIN, col(GRAINS + "." + ActivityTable.GRAIN))
            .withColumn(ActivityTable.PERIOD_START, col(GRAINS + "." + PERIOD));
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(col("bytes")).as("bytes"));
    for (String sketch : ActivityTable.sketchColumns()) {
      aggregates.add(hll_union_agg(col(sketch)).as(sketch));
    }
    for (TcpFlag flag : TcpFlag.values()) {
      aggregates.add(sum(col(flag.prefix() + "_packets")).as(flag.prefix() + "_packets"));
    }
    aggregates.add(sum(col("connections")).as("connections"));
    aggregates.add(
        min(struct(
                col("max_peers_on_one_port").multiply(-1).as("negated"),
                col("port_with_max_peers")))
            .as(HORIZONTAL));
    aggregates.add(
        min(struct(
                col("max_ports_on_one_peer").multiply(-1).as("negated"),
                col("peer_with_max_ports")))
            .as(VERTICAL));
    for (String counts : List.of("connections_by_protocol", "connections_by_state")) {
      aggregates.add(collect_list(col(counts)).as(counts));
    }
    Dataset<Row> totals =
        rows.groupBy(
                col(ActivityTable.GRAIN),
                col(ActivityTable.ADDRESS),
                col(ActivityTable.ROLE),
                col(ActivityTable.PERIOD_START))
            .agg(sum(col("packets")).as("packets"), aggregates.toArray(Column[]::new))
            .withColumn("max_peers_on_one_port", col(HORIZONTAL + ".negated").multiply(-1))
            .withColumn("port_with_max_peers", col(HORIZONTAL + ".port_with_max_peers"))
            .withColumn("max_ports_on_one_peer", col(VERTICAL + ".negated").multiply(-1))
            .withColumn("peer_with_max_ports", col(VERTICAL + ".peer_with_max_ports"))
            .withColumn("connections_by_protocol", mergedCounts(col("connections_by_protocol")))
            .withColumn("connections_by_state", mergedCounts(col("connections_by_state")))
            .withColumn(ActivityTable.PERIOD_DATE, to_date(col(ActivityTable.PERIOD_START)));
    return finish(totals);
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

  private static Dataset<Row> connections(
      SparkSession spark, ActivityConfig config, TreeSet<LocalDate> days) throws IOException {
    String path = config.lake().table(ConnectionTable.NAME);
    FileSystem fileSystem =
        new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(new Path(path))) {
      LOG.warn("No connections table at {}: connection counts are zero", path);
      return spark.createDataFrame(List.of(), ConnectionTable.SCHEMA);
    }
    return spark.read().parquet(path).where(col(ConnectionTable.DATE).isInCollection(days));
  }

  /**
   * Writes the rows over the partitions they hold and returns the rows written per grain (every
   * grain present), counted while writing rather than by reading the table back.
   */
  private static Map<Grain, Long> write(Dataset<Row> rows, String table) {
    Observation observation =
        new Observation("packetlake_activity_" + UUID.randomUUID().toString().replace("-", ""));
    List<Column> counts = new ArrayList<>();
    for (Grain grain : Grain.values()) {
      counts.add(count_if(col(ActivityTable.GRAIN).equalTo(grain.value())).as(grain.value()));
    }
    rows.observe(
            observation, counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(ActivityTable.GRAIN, ActivityTable.PERIOD_DATE)
        .parquet(table);
    Map<String, Object> values;
    try {
      values = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot count the rows of " + table + ": interrupted", e);
    }
    Map<Grain, Long> written = new EnumMap<>(Grain.class);
    for (Grain grain : Grain.values()) {
      written.put(grain, ((Number) values.get(grain.value())).longValue());
    }
    return written;
  }

  /** The first day of the month or year holding {@code day}. */
  static LocalDate periodStart(Grain grain, LocalDate day) {
    return switch (grain) {
      case MONTH -> day.withDayOfMonth(1);
      case YEAR -> day.withDayOfYear(1);
      default -> day;
    };
  }

  private static ActivityResult empty(RunLedger ledger) {
    ledger.rowsWritten(ActivityTable.NAME, 0);
    Map<Grain, Long> rows = new EnumMap<>(Grain.class);
    for (Grain grain : Grain.values()) {
      rows.put(grain, 0L);
    }
    return new ActivityResult(List.of(), List.of(), rows);
  }

  private static scala.collection.immutable.Seq<String> scalaSeq(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
  }
}
