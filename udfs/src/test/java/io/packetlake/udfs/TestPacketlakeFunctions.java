package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The register call, as a {@code %spark} paragraph uses it, in a session without extensions. */
final class TestPacketlakeFunctions {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .appName("TestPacketlakeFunctions")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.datetime.java8API.enabled", "true")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void noNameShadowsASparkBuiltIn() {
    // Checked before registering: afterwards every name exists.
    for (SqlFunction function : PacketlakeFunctions.functions()) {
      assertThat(spark.catalog().functionExists(function.name())).as(function.name()).isFalse();
    }
    PacketlakeFunctions.register(spark);
    for (SqlFunction function : PacketlakeFunctions.functions()) {
      assertThat(spark.catalog().functionExists(function.name())).as(function.name()).isTrue();
    }
    assertThat(
            spark
                .sql(
                    "SELECT ip_class('10.0.0.1'), tcp_flags_text(17),"
                        + " cast(period_start(TIMESTAMP'2024-03-05 17:42:10', 'day') AS STRING),"
                        + " ip_in_cidr('fe80::1', 'fe80::/10'), service_name(22, 6),"
                        + " flow_key(17, '10.0.0.9', 53, '10.0.0.10', 5353),"
                        + " flow_key_hash(6, '93.184.216.34', 443, '10.0.0.1', 51000),"
                        + " flow_key_hash(6, '10.0.0.1', 51000, 'not an address', 443),"
                        + " registered_domain('www.BBC.co.uk'), registered_domain('printer.local')")
                .first()
                .toString())
        // The hash is the first 16 hex digits of: printf '6 10.0.0.1:51000 93.184.216.34:443' |
        // sha256sum (0bd125aa4eb41c0e), and null for an argument that is not an address.
        .isEqualTo(
            "[private,FA,2024-03-05 00:00:00,true,ssh,17 10.0.0.10:5353 10.0.0.9:53,"
                + "851503217944828942,null,bbc.co.uk,null]");
  }
}
