package io.packetlake.jobs.vectors;

import static io.packetlake.jobs.lake.TableColumn.optional;
import static io.packetlake.jobs.lake.TableColumn.required;
import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.lake.TableCatalog;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code name_vectors} table: one row per address, grain and UTC calendar period in which the
 * address sent DNS queries, with the bag of name tokens of those queries ({@link NameTokens})
 * hashed by MLlib's {@code HashingTF}. Grains, {@code period_start} and the partitions ({@code
 * grain}, {@code period_date}) are {@code ip_activity}'s, so the two join on (address, grain,
 * period_start).
 *
 * <p>Term frequencies add up: hour and day rows are the sums of their minute rows, month and year
 * rows the sums of the stored day rows (as {@code ip_activity} rolls up), and the distinct names
 * are an HLL sketch (lgConfigK {@value ActivityTable#LG_CONFIG_K}, as {@code ip_activity}'s) that
 * merges the same way. Only minute rows keep the tokens themselves: a minute's bag is bounded by
 * the queries of one minute, while a resolver's day or year bag is not, and the coarser rows' words
 * are those of their minute rows.
 */
public final class NameVectorTable {
  public static final String NAME = "name_vectors";
  public static final String QUERY_COUNT = "query_count";
  public static final String DISTINCT_NAMES = "distinct_names";
  public static final String DISTINCT_NAMES_SKETCH = "distinct_names_sketch";
  public static final String NAME_TOKENS = "name_tokens";
  public static final String NAME_FEATURES = "name_features";
  public static final String NAME_TFIDF = "name_tfidf";

  public static final TableCatalog CATALOG =
      new TableCatalog(
          NAME,
          "One row per IP address and UTC minute, hour, day, month or year in which it sent DNS"
              + " queries: the names it asked for as a bag of tokens (name=, domain=, label=)"
              + " hashed by HashingTF, and optionally weighted by IDF",
          List.of(
              required(
                  ActivityTable.ADDRESS,
                  StringType,
                  "The IP address that sent the queries: the dns rows' src_address (a resolver's"
                      + " own queries count for the resolver)"),
              required(
                  ActivityTable.PERIOD_START,
                  TimestampType,
                  "First instant of the UTC calendar period (minute, hour, day, month or year)"),
              required(
                  QUERY_COUNT,
                  LongType,
                  "DNS queries the address sent in the period: dns rows with is_response false and"
                      + " a query_name"),
              required(
                  DISTINCT_NAMES,
                  LongType,
                  "Distinct query_name_normalized it asked for; HLL estimate of"
                      + " distinct_names_sketch"),
              required(
                  DISTINCT_NAMES_SKETCH,
                  BinaryType,
                  "HLL sketch (lgConfigK 12) of the names asked for; merge with hll_union_agg"),
              optional(
                  NAME_TOKENS,
                  DataTypes.createArrayType(StringType),
                  "Minute rows: the distinct tokens of the bag, sorted. Null for hour and coarser"
                      + " grains (a resolver's bag is unbounded): their bags are their minute"
                      + " rows' bags"),
              required(
                  NAME_FEATURES,
                  SQLDataTypes.VectorType(),
                  "HashingTF term frequencies of the bag: per query name=<name>,"
                      + " domain=<registered domain>, label=<label>. Hour to year rows: the sums"
                      + " of the rows of the grain below"),
              optional(
                  NAME_TFIDF,
                  SQLDataTypes.VectorType(),
                  "name_features times the IDF weights fitted over the rows of the same grain and"
                      + " period_date (vectors --name-idf); null when IDF was not asked for"),
              required(
                  ActivityTable.GRAIN, StringType, "minute, hour, day, month or year (partition)"),
              required(
                  ActivityTable.PERIOD_DATE,
                  DateType,
                  "UTC date of the day holding the period for minute, hour and day; first day of"
                      + " the month or year for month and year (partition)")),
          List.of(ActivityTable.GRAIN, ActivityTable.PERIOD_DATE));

  private NameVectorTable() {}
}
