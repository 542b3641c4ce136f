package io.packetlake.jobs.vectors;

import static io.packetlake.jobs.activity.ActivityTable.ADDRESS;
import static io.packetlake.jobs.activity.ActivityTable.GRAIN;
import static io.packetlake.jobs.activity.ActivityTable.PERIOD_DATE;
import static io.packetlake.jobs.activity.ActivityTable.PERIOD_START;
import static io.packetlake.jobs.vectors.NameVectorTable.DISTINCT_NAMES;
import static io.packetlake.jobs.vectors.NameVectorTable.DISTINCT_NAMES_SKETCH;
import static io.packetlake.jobs.vectors.NameVectorTable.NAME_FEATURES;
import static io.packetlake.jobs.vectors.NameVectorTable.NAME_TFIDF;
import static io.packetlake.jobs.vectors.NameVectorTable.NAME_TOKENS;
import static io.packetlake.jobs.vectors.NameVectorTable.QUERY_COUNT;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.packetlake.jobs.activity.ActivityPartitions;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.activity.Grain;
import io.packetlake.jobs.activity.StoredDayRows;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.TableShape;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code name_vectors} ({@link NameVectorTable}) from the queries of the {@code dns} table,
 * in the steps {@code ip_activity} is written in:
 *
 * <ol>
 *   <li>the days to recompute: those of the run's horizon that hold dns rows;
 *   <li>minute rows from the queries of those days (dns rows with {@code is_response} false and a
 *       {@code query_name}; the client is {@code src_address}): their bags of {@link NameTokens},
 *       hashed by {@code HashingTF};
 *   <li>hour and day rows, the sums of their minute rows, written with the minute rows;
 *   <li>month and year rows holding those days, the sums of the stored day rows, written.
 * </ol>
 *
 * <p>With IDF asked for, each write weights the term frequencies of every (grain, period_date)
 * partition it writes by the IDF of that partition's rows, one document per address: MLlib's {@code
 * IDF} with its default minimum document frequency 0, {@code log((m + 1) / (df + 1))} for m rows
 * and df rows holding the feature. The weights are computed for all partitions in one aggregation
 * (the formula of {@code IDF.fit}, which fits one partition per job) and the tests check them
 * against {@code IDF.fit}.
 */
final class NameVectors {
  private static final Logger LOG = LoggerFactory.getLogger(NameVectors.class);

  private static final String NAME = "name";
  private static final String TOKENS = "tokens";
  private static final String BAG = "bag";
  private static final String GRAINS = "grains";
  private static final String PERIOD = "period";
  private static final String ENTRY = "entry";
  private static final String ENTRIES = "entries";
  private static final String DOCUMENTS = "documents";
  private static final String DOCUMENT_FREQUENCY = "document_frequency";
  private static final String WEIGHT = "weight";

  private NameVectors() {}

  /** Writes the partitions the run recomputes and returns the rows written. */
  static long write(SparkSession spark, VectorConfig config) throws IOException {
    String source = config.lake().table(DnsTable.NAME);
    Path sourcePath = new Path(source);
    FileSystem fileSystem = sourcePath.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fileSystem.exists(sourcePath)) {
      LOG.warn("No dns table at {}: no name vectors", source);
      return 0;
    }
    TreeSet<LocalDate> days =
        config
            .horizon()
            .recomputed(
                config.allDates(),
                config.dates(),
                PartitionDates.ofColumn(fileSystem, sourcePath, DnsTable.MESSAGE_DATE));
    if (days.isEmpty()) {
      LOG.warn("No dns rows on the dates {}: no name vectors", config.dates());
      return 0;
    }
    Dataset<Row> queries =
        DnsTable.CATALOG
            .read(spark, source)
            .where(
                col(DnsTable.MESSAGE_DATE)
                    .isInCollection(days)
                    .and(col(DnsTable.IS_RESPONSE).equalTo(false))
                    .and(col(DnsTable.QUERY_NAME_NORMALIZED).isNotNull())
                    .and(col(DnsTable.MESSAGE_TIME).isNotNull()));
    Dataset<Row> minutes = minuteRows(queries, config.numberOfFeatures());
    Dataset<Row> finer =
        minutes.unionByName(
            sums(minutes, List.of(Grain.HOUR, Grain.DAY), null, config.numberOfFeatures()));
    long rows = write(finer, config);

    // Months and years hold the recomputed days; everything else they need is in the table.
    TreeSet<LocalDate> monthDates = ActivityPartitions.periodDates(Grain.MONTH, days);
    TreeSet<LocalDate> yearDates = ActivityPartitions.periodDates(Grain.YEAR, days);
    TreeSet<LocalDate> periodDates = new TreeSet<>(monthDates);
    periodDates.addAll(yearDates);
    Dataset<Row> storedDays =
        StoredDayRows.of(
            spark, config.lake().table(NameVectorTable.NAME), NameVectorTable.CATALOG, yearDates);
    return rows
        + write(
            sums(
                storedDays,
                List.of(Grain.MONTH, Grain.YEAR),
                periodDates,
                config.numberOfFeatures()),
            config);
  }

  private static long write(Dataset<Row> rows, VectorConfig config) {
    Dataset<Row> weighted =
        config.nameIdf()
            ? withTfidf(rows, config.numberOfFeatures())
            : rows.withColumn(NAME_TFIDF, lit(null));
    return PartitionOverwrite.writeCounted(
            TableShape.conform(weighted, NameVectorTable.CATALOG),
            config.lake(),
            NameVectorTable.CATALOG,
            Map.of())
        .get(PartitionOverwrite.ROWS);
  }

  /** One row per address and minute: its queries, the sketch of their names and their bag. */
  static Dataset<Row> minuteRows(Dataset<Row> queries, int numberOfFeatures) {
    Dataset<Row> perMinute =
        queries
            .select(
                col(DnsTable.SRC_ADDRESS).as(ADDRESS),
                col(DnsTable.MESSAGE_DATE).as(PERIOD_DATE),
                date_trunc(Grain.MINUTE.value(), col(DnsTable.MESSAGE_TIME)).as(PERIOD_START),
                col(DnsTable.QUERY_NAME_NORMALIZED).as(NAME),
                NameTokens.column(col(DnsTable.QUERY_NAME_NORMALIZED)).as(TOKENS))
            .groupBy(col(ADDRESS), col(PERIOD_DATE), col(PERIOD_START))
            .agg(
                count(lit(1)).as(QUERY_COUNT),
                hll_sketch_agg(col(NAME), ActivityTable.LG_CONFIG_K).as(DISTINCT_NAMES_SKETCH),
                flatten(collect_list(col(TOKENS))).as(BAG));
    return new HashingTF()
        .setInputCol(BAG)
        .setOutputCol(NAME_FEATURES)
        .setNumFeatures(numberOfFeatures)
        .transform(perMinute)
        .withColumn(NAME_TOKENS, array_sort(array_distinct(col(BAG))))
        .withColumn(DISTINCT_NAMES, hll_sketch_estimate(col(DISTINCT_NAMES_SKETCH)))
        .withColumn(GRAIN, lit(Grain.MINUTE.value()))
        .drop(BAG);
  }

  /**
   * Rows of {@code grains} from rows of a finer grain: their query counts and their vectors summed,
   * their sketches merged. A row counts towards a period whose {@code period_date} is in {@code
   * periodDates}; every period when null.
   */
  static Dataset<Row> sums(
      Dataset<Row> rows, List<Grain> grains, Collection<LocalDate> periodDates, int size) {
    List<Column> periods = new ArrayList<>();
    for (Grain grain : grains) {
      Column start = date_trunc(grain.value(), col(PERIOD_START));
      Column period = struct(lit(grain.value()).as(GRAIN), start.as(PERIOD));
      periods.add(
          periodDates == null ? period : when(to_date(start).isInCollection(periodDates), period));
    }
    Dataset<Row> exploded =
        rows.select(
                col(ADDRESS),
                col(QUERY_COUNT),
                col(DISTINCT_NAMES_SKETCH),
                col(NAME_FEATURES),
                explode(array(periods.toArray(Column[]::new))).as(GRAINS))
            .where(col(GRAINS).isNotNull())
            .withColumn(GRAIN, col(GRAINS + "." + GRAIN))
            .withColumn(PERIOD_START, col(GRAINS + "." + PERIOD))
            .withColumn(PERIOD_DATE, to_date(col(PERIOD_START)));
    Dataset<Row> totals =
        exploded
            .groupBy(key())
            .agg(
                sum(col(QUERY_COUNT)).as(QUERY_COUNT),
                hll_union_agg(col(DISTINCT_NAMES_SKETCH)).as(DISTINCT_NAMES_SKETCH));
    Dataset<Row> features =
        entries(exploded, NAME_FEATURES)
            .groupBy(keyAnd(col(SparseVectors.INDEX)))
            .agg(sum(col(SparseVectors.VALUE)).as(SparseVectors.VALUE))
            .groupBy(key())
            .agg(
                collect_list(struct(col(SparseVectors.INDEX), col(SparseVectors.VALUE)))
                    .as(ENTRIES));
    return totals
        .join(features, keyNames().toArray(String[]::new), "left")
        .withColumn(NAME_FEATURES, SparseVectors.vector(col(ENTRIES), size))
        .withColumn(DISTINCT_NAMES, hll_sketch_estimate(col(DISTINCT_NAMES_SKETCH)))
        .withColumn(NAME_TOKENS, lit(null).cast(DataTypes.createArrayType(DataTypes.StringType)))
        .drop(ENTRIES);
  }

  /**
   * The rows with {@code name_tfidf}: {@code name_features} times the IDF of each feature over the
   * rows of the same grain and period_date.
   */
  static Dataset<Row> withTfidf(Dataset<Row> rows, int size) {
    Column[] partition = {col(GRAIN), col(PERIOD_DATE)};
    Dataset<Row> entries = entries(rows, NAME_FEATURES);
    Dataset<Row> documents = rows.groupBy(partition).agg(count(lit(1)).as(DOCUMENTS));
    Dataset<Row> weights =
        entries
            .groupBy(col(GRAIN), col(PERIOD_DATE), col(SparseVectors.INDEX))
            .agg(count(lit(1)).as(DOCUMENT_FREQUENCY))
            .join(documents, new String[] {GRAIN, PERIOD_DATE})
            .withColumn(
                WEIGHT, log(col(DOCUMENTS).plus(1.0).divide(col(DOCUMENT_FREQUENCY).plus(1.0))));
    Dataset<Row> weighted =
        entries
            .join(weights, new String[] {GRAIN, PERIOD_DATE, SparseVectors.INDEX})
            .groupBy(key())
            .agg(
                collect_list(
                        struct(
                            col(SparseVectors.INDEX),
                            col(SparseVectors.VALUE).multiply(col(WEIGHT)).as(SparseVectors.VALUE)))
                    .as(ENTRIES));
    return rows.join(weighted, keyNames().toArray(String[]::new), "left")
        .withColumn(NAME_TFIDF, SparseVectors.vector(col(ENTRIES), size))
        .drop(ENTRIES);
  }

  /** One row per non-zero entry of each row's {@code vectorColumn}: key, index, value. */
  private static Dataset<Row> entries(Dataset<Row> rows, String vectorColumn) {
    return rows.select(keyAnd(explode(SparseVectors.entries(col(vectorColumn))).as(ENTRY)))
        .select(
            keyAnd(
                col(ENTRY + "." + SparseVectors.INDEX).as(SparseVectors.INDEX),
                col(ENTRY + "." + SparseVectors.VALUE).as(SparseVectors.VALUE)));
  }

  /** The key of a row: grain, address, period_date, period_start. */
  private static List<String> keyNames() {
    return List.of(GRAIN, ADDRESS, PERIOD_DATE, PERIOD_START);
  }

  private static Column[] key() {
    return keyAnd();
  }

  private static Column[] keyAnd(Column... more) {
    List<Column> columns = new ArrayList<>();
    for (String name : keyNames()) {
      columns.add(col(name));
    }
    columns.addAll(List.of(more));
    return columns.toArray(Column[]::new);
  }
}
