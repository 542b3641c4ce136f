package io.packetlake.jobs;

import io.packetlake.pcap.framing.TestCaptures;
import org.apache.spark.sql.SparkSession;

/** The local session of a test class: two cores, no UI, few shuffle partitions, loopback only. */
public final class TestSessions {
  private TestSessions() {}

  public static SparkSession create(String name) {
    return builder(name).getOrCreate();
  }

  /** The builder {@link #create} uses, for a test class that needs a setting more. */
  public static SparkSession.Builder builder(String name) {
    return SparkSessions.configure(SparkSession.builder())
        .appName(name)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }

  /** The capture corpus directory ({@link TestCaptures#corpus}). */
  public static String corpus() {
    return TestCaptures.corpus().toString();
  }
}
