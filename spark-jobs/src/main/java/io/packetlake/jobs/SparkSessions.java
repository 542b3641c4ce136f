package io.packetlake.jobs;

import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** Builds the session every stage runs in. The master comes from spark-submit or spark.master. */
public final class SparkSessions {
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
