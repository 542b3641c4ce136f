package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionDates;
import io.packetlake.jobs.lake.TableShape;
import io.packetlake.pcap.framing.EpochNanos;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the connections' {@code responder_name} and {@code responder_name_time} from the {@code
 * dns} table: the name the originator looked up just before it connected.
 *
 * <p>The rule. A connection's name comes from the latest DNS message that
 *
 * <ul>
 *   <li>is a response ({@code is_response}) with a question ({@code query_name_normalized}) and a
 *       time,
 *   <li>was received by the originator ({@code dst_address = originator_address}),
 *   <li>lists the responder's address in {@code answer_addresses} (the A and AAAA records of its
 *       answer section),
 *   <li>arrived within the window before the connection's first packet: {@code start_time_ns -
 *       window <= message_time_ns <= start_time_ns}.
 * </ul>
 *
 * The name is that response's {@code query_name_normalized}, what the client asked: for a CNAME
 * chain (www.a.com, CNAME to a.cdn.net, A) the name is www.a.com, not the chain's target. Two such
 * responses at the same nanosecond go to the lower name. No such response: both columns null, as
 * when the lake has no dns table (written before it existed) or no dns rows on those dates.
 *
 * <p>The window ({@link #DEFAULT_WINDOW}, 1 hour) trades names found against names wrongly given. A
 * client reuses a cached answer for its TTL (commonly 60 s to 1 h, the OS and browser caches
 * capping it further), and connects again from a pool long after a lookup; an answer older than
 * that is more likely about another name served from the same address (CDNs, shared hosting)
 * resolved in a way the capture did not see (DNS over HTTPS, a hosts file), so an hour covers the
 * usual TTLs without reaching back across sessions. The latest answer wins, so a fresh lookup
 * always overrides an old one. At most {@link #MAX_WINDOW}, BIND's default {@code max-cache-ttl}:
 * no resolver cache keeps an answer longer by default.
 *
 * <p>The plan. The dns side is small: one row per response and answer address. It is joined to the
 * connections on client and address and on a time bucket, {@code time div window}, for which each
 * response is listed in its own bucket and the next, so a connection meets only the responses of at
 * most two windows before it rather than every answer of its address pair on the days read; the
 * range condition then picks among them. The latest per connection is chosen by a window over
 * {@code connection_id}. The connections are referenced once, so the packets they are made of are
 * read once.
 */
public final class ResponderNames {
  private static final Logger LOG = LoggerFactory.getLogger(ResponderNames.class);

  /** The default window: see the class comment. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  /** The longest window: BIND's default {@code max-cache-ttl}. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  private static final String CLIENT = "dns_client";
  private static final String ADDRESS = "dns_answer_address";
  private static final String ANSWER_TIME = "dns_message_time";
  private static final String ANSWER_TIME_NS = "dns_message_time_ns";
  private static final String NAME = "dns_query_name";
  private static final String BUCKET = "dns_window_bucket";
  private static final String RANK = "dns_rank";

  private ResponderNames() {}

  /**
   * Checks a window: positive and at most {@link #MAX_WINDOW}.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static Duration checkWindow(Duration window) {
    requireNonNull(window, "window is null");
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "Cannot name responders: window %s is not positive and at most %s"
              .formatted(window, MAX_WINDOW));
    }
    return window;
  }

  /**
   * The {@code connections} with their responders named from the dns table of {@code lake}, read
   * only on the dates responses naming connections that start on {@code startDates} can fall on
   * ({@link #answerDates}). Without a dns partition on those dates they are returned as they are.
   */
  public static Dataset<Row> named(
      SparkSession spark,
      Lake lake,
      Dataset<Row> connections,
      Collection<LocalDate> startDates,
      Duration window)
      throws IOException {
    String dnsPath = lake.table(DnsTable.NAME);
    Path dnsDirectory = new Path(dnsPath);
    FileSystem fileSystem = dnsDirectory.getFileSystem(spark.sparkContext().hadoopConfiguration());
    TreeSet<LocalDate> dates = answerDates(startDates, window);
    dates.retainAll(PartitionDates.ofColumn(fileSystem, dnsDirectory, DnsTable.MESSAGE_DATE));
    if (dates.isEmpty()) {
      LOG.info(
          "No dns rows at {} for the connections of {}: no responder names", dnsPath, startDates);
      return connections;
    }
    LOG.info("Naming responders from the dns rows of {}", dates);
    Dataset<Row> dns =
        DnsTable.CATALOG
            .read(spark, dnsPath)
            .where(col(DnsTable.MESSAGE_DATE).isInCollection(dates));
    return named(connections, dns, window);
  }

  /**
   * The dates a response naming a connection that starts on one of {@code startDates} can fall on:
   * each date and the days the window reaches back to from its midnight.
   */
  public static TreeSet<LocalDate> answerDates(Collection<LocalDate> startDates, Duration window) {
    long daysBefore = -Math.floorDiv(-checkWindow(window).toNanos(), EpochNanos.NANOS_PER_DAY);
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (LocalDate start : startDates) {
      for (long day = 0; day <= daysBefore; day++) {
        dates.add(start.minusDays(day));
      }
    }
    return dates;
  }

  /**
   * The {@code connections} (rows of the connections table) with {@code responder_name} and {@code
   * responder_name_time} taken from {@code dns} (rows of the dns table, those of the dates needed)
   * by the rule of the class comment, in the connections table's shape.
   */
  public static Dataset<Row> named(Dataset<Row> connections, Dataset<Row> dns, Duration window) {
    long windowNanos = checkWindow(window).toNanos();
    Column answerTime = col(DnsTable.MESSAGE_TIME_NS);
    Dataset<Row> answers =
        dns.where(
                col(DnsTable.IS_RESPONSE)
                    .equalTo(true)
                    .and(answerTime.isNotNull())
                    .and(col(DnsTable.QUERY_NAME_NORMALIZED).isNotNull()))
            .select(
                col(DnsTable.DST_ADDRESS).as(CLIENT),
                explode(col(DnsTable.ANSWER_ADDRESSES)).as(ADDRESS),
                col(DnsTable.MESSAGE_TIME).as(ANSWER_TIME),
                answerTime.as(ANSWER_TIME_NS),
                col(DnsTable.QUERY_NAME_NORMALIZED).as(NAME),
                bucket(answerTime, windowNanos).as(BUCKET))
            // A response can name connections starting in its own bucket or in the next.
            .withColumn(BUCKET, explode(array(col(BUCKET), col(BUCKET).plus(1))));
    Column start = col(ConnectionTable.START_TIME_NS);
    Column namesConnection =
        col(ConnectionTable.ORIGINATOR_ADDRESS)
            .equalTo(col(CLIENT))
            .and(col(ConnectionTable.RESPONDER_ADDRESS).equalTo(col(ADDRESS)))
            .and(bucket(start, windowNanos).equalTo(col(BUCKET)))
            .and(col(ANSWER_TIME_NS).between(start.minus(windowNanos), start));
    WindowSpec latestFirst =
        Window.partitionBy(col(ConnectionTable.CONNECTION_ID))
            .orderBy(col(ANSWER_TIME_NS).desc_nulls_last(), col(NAME).asc_nulls_last());
    Dataset<Row> named =
        connections
            .drop(ConnectionTable.RESPONDER_NAME, ConnectionTable.RESPONDER_NAME_TIME)
            .join(answers, namesConnection, "left")
            .withColumn(RANK, row_number().over(latestFirst))
            .where(col(RANK).equalTo(1))
            .withColumn(ConnectionTable.RESPONDER_NAME, col(NAME))
            .withColumn(ConnectionTable.RESPONDER_NAME_TIME, col(ANSWER_TIME));
    return TableShape.conform(named, ConnectionTable.CATALOG);
  }

  /**
   * The window-sized time bucket of a time in nanoseconds, by integer division: monotonic, and
   * every bucket at least a window wide, so two times a window apart or less are in the same bucket
   * or in neighbours.
   */
  private static Column bucket(Column timeNanos, long windowNanos) {
    return call_function("div", timeNanos, lit(windowNanos));
  }
}
