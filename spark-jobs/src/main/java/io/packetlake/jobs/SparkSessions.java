package io.packetlake.jobs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** Builds the session every stage runs in. The master comes from spark-submit or spark.master. */
public final class SparkSessions {
  /** Spark's setting of the Parquet type its timestamps are stored as. */
  public static final String TIMESTAMP_TYPE_SETTING = "spark.sql.parquet.outputTimestampType";

  /**
   * The type the lake stores timestamps as unless the session sets {@link #TIMESTAMP_TYPE_SETTING}
   * itself: Parquet's {@code TIMESTAMP} logical type in microseconds, adjusted to UTC, which Spark,
   * Trino, DuckDB and Hive 4 read. Spark's own default, INT96, is deprecated by Parquet; a lake
   * read by Hive 3, which reads only INT96, sets {@code INT96} (see docs/GLOSSARY.md, "Types").
   */
  public static final String DEFAULT_TIMESTAMP_TYPE = "TIMESTAMP_MICROS";

  /**
   * The session settings that shape the files every stage writes: the time zone of partition dates
   * and periods, how Parquet stores timestamps and old dates, and the compression of every table
   * whose write does not set its own.
   */
  public static final List<String> OUTPUT_SETTINGS =
      List.of(
          "spark.sql.session.timeZone",
          TIMESTAMP_TYPE_SETTING,
          "spark.sql.parquet.compression.codec",
          "spark.sql.parquet.writeLegacyFormat",
          "spark.sql.parquet.int96RebaseModeInWrite",
          "spark.sql.parquet.datetimeRebaseModeInWrite");

  // Parquet's own writer settings (page, row group, dictionary, writer version) come from the
  // session's Hadoop configuration under this prefix.
  private static final String PARQUET_WRITER_PREFIX = "parquet.";

  private SparkSessions() {}

  public static SparkSession create(String appName) {
    return configure(SparkSession.builder().appName(appName)).getOrCreate();
  }

  /**
   * As {@link #create}, with the session catalog in a Hive metastore: the one the configuration
   * names (hive-site.xml, {@code spark.hadoop.hive.metastore.uris}), else one local to the process.
   *
   * @throws IllegalArgumentException when Spark's Hive support is not on the class path
   */
  public static SparkSession createWithHiveSupport(String appName) {
    return configure(SparkSession.builder().appName(appName)).enableHiveSupport().getOrCreate();
  }

  /**
   * Whether a session is already running in this JVM (a notebook's, a test's): {@link #create} then
   * returns it, and the command must leave stopping it to its owner.
   */
  public static boolean running() {
    return SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
  }

  /**
   * The Parquet timestamp type the lake's writes use in this session: the session's own {@link
   * #TIMESTAMP_TYPE_SETTING} when it sets one, else {@link #DEFAULT_TIMESTAMP_TYPE}.
   */
  public static String timestampType(SparkSession spark) {
    return spark.conf().contains(TIMESTAMP_TYPE_SETTING)
        ? spark.conf().get(TIMESTAMP_TYPE_SETTING)
        : DEFAULT_TIMESTAMP_TYPE;
  }

  /** Work done with a session setting in place. */
  @FunctionalInterface
  public interface WithSetting<E extends Exception> {
    void run() throws E;
  }

  /**
   * Runs {@code work} with {@code key} set to {@code value} in the session, then puts back what the
   * session had: its own explicit value, or none (the default is not made explicit). For settings
   * Spark reads from the session while planning, not from a read's or write's options.
   */
  public static <E extends Exception> void withSetting(
      SparkSession spark, String key, String value, WithSetting<E> work) throws E {
    RuntimeConfig conf = spark.conf();
    Option<String> previous = conf.contains(key) ? conf.getOption(key) : Option.empty();
    conf.set(key, value);
    try {
      work.run();
    } finally {
      if (previous.isDefined()) {
        conf.set(key, previous.get());
      } else {
        conf.unset(key);
      }
    }
  }

  /**
   * The values {@code spark} has for {@link #OUTPUT_SETTINGS} (Spark's default where the session
   * sets none) and every Parquet writer setting of its Hadoop configuration, by key: what a run's
   * ledger entry records of the session.
   */
  public static Map<String, String> outputSettings(SparkSession spark) {
    Map<String, String> settings = new TreeMap<>();
    for (String key : OUTPUT_SETTINGS) {
      settings.put(key, spark.conf().get(key));
    }
    // The lake's writes override Spark's own default (PartitionOverwrite).
    settings.put(TIMESTAMP_TYPE_SETTING, timestampType(spark));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (Map.Entry<String, String> entry : hadoop) {
      if (entry.getKey().startsWith(PARQUET_WRITER_PREFIX)) {
        settings.put(entry.getKey(), hadoop.get(entry.getKey()));
      }
    }
    return settings;
  }

  /** The settings packetlake's stages rely on, for sessions built elsewhere (tests, notebooks). */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    return builder
        // Partition dates and timestamps are UTC whatever the machine's zone.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        // Reruns replace exactly the partitions they write (see docs/ARCHITECTURE.md).
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.parquet.compression.codec", "zstd")
        // The packets schema is wide; plans print whole in logs and errors.
        .config("spark.sql.debug.maxToStringFields", "200");
  }
}
