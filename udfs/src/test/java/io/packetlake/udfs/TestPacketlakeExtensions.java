package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every function called from SQL over rows, in a session that gets them only from {@code
 * spark.sql.extensions}, as spark-sql and Zeppelin do. The session zone is not UTC on purpose:
 * period_start must not depend on it.
 */
final class TestPacketlakeExtensions {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .appName("TestPacketlakeExtensions")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "America/New_York")
            .config("spark.sql.extensions", PacketlakeExtensions.class.getName())
            .getOrCreate();
    spark
        .sql(
            "SELECT * FROM VALUES"
                + " ('10.0.0.1', 51000, '10.0.0.2', 80, 6, 18,"
                + "  TIMESTAMP'2024-03-05 17:42:10.5 UTC'),"
                + " ('2001:db8::2', 443, '2001:DB8::1', 50000, 6, 25,"
                + "  TIMESTAMP'2024-12-31 23:59:59 UTC'),"
                + " ('192.168.1.7', NULL, '8.8.8.8', NULL, 1, NULL, NULL),"
                + " ('not an ip', 53, '10.0.0.3', 5353, 17, 4096,"
                + "  TIMESTAMP'1970-01-01 00:00:00 UTC')"
                + " AS t(address_a, port_a, address_b, port_b, protocol, flags, ts)")
        .createOrReplaceTempView("flows");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void everyFunctionIsRegisteredAndDescribed() {
    for (SqlFunction function : PacketlakeFunctions.functions()) {
      assertThat(spark.catalog().functionExists(function.name())).as(function.name()).isTrue();
      String description =
          spark.sql("DESCRIBE FUNCTION EXTENDED " + function.name()).collectAsList().stream()
              .map(row -> row.getString(0))
              .collect(Collectors.joining("\n"));
      assertThat(description).as(function.name()).contains(function.usage());
    }
  }

  @Test
  void addressFunctionsOverRows() {
    List<Row> rows =
        spark
            .sql(
                "SELECT ip_to_number(address_a), number_to_ip(ip_to_number(address_a)),"
                    + " hex(ip_to_binary(address_b)), binary_to_ip(ip_to_binary(address_b)),"
                    + " ip_normalize(address_b), ip_in_cidr(address_a, '10.0.0.0/8'),"
                    + " ip_in_cidr(address_a, '2001:db8::/32'), ip_class(address_b)"
                    + " FROM flows ORDER BY protocol, port_a")
            .collectAsList();
    assertThat(rows.stream().map(Row::toString))
        .containsExactly(
            "[3232235783,192.168.1.7,08080808,8.8.8.8,8.8.8.8,false,false,public]",
            "[null,null,20010DB8000000000000000000000001,2001:db8::1,2001:db8::1,false,true,"
                + "documentation]",
            "[167772161,10.0.0.1,0A000002,10.0.0.2,10.0.0.2,true,false,private]",
            "[null,null,0A000003,10.0.0.3,10.0.0.3,null,null,private]");
  }

  @Test
  void flowFunctionsOverRows() {
    List<Row> rows =
        spark
            .sql(
                "SELECT tcp_flags_text(flags), flow_key(protocol, address_a, port_a, address_b,"
                    + " port_b), flow_key(protocol, address_b, port_b, address_a, port_a),"
                    + " service_name(port_b, protocol), service_name(port_a, protocol)"
                    + " FROM flows ORDER BY protocol, port_a")
            .collectAsList();
    assertThat(rows.stream().map(Row::toString))
        .containsExactly(
            "[null,1 192.168.1.7 8.8.8.8,1 192.168.1.7 8.8.8.8,null,null]",
            "[FPA,6 [2001:db8::1]:50000 [2001:db8::2]:443,"
                + "6 [2001:db8::1]:50000 [2001:db8::2]:443,null,https]",
            "[SA,6 10.0.0.1:51000 10.0.0.2:80,6 10.0.0.1:51000 10.0.0.2:80,http,null]",
            "[null,null,null,mdns,domain]");
  }

  @Test
  void periodStartIsUtcWhateverTheSessionZone() {
    List<Row> rows =
        spark
            .sql(
                "SELECT unix_seconds(period_start(ts, 'minute')),"
                    + " cast(period_start(ts, 'hour') AS STRING),"
                    + " unix_seconds(period_start(ts, 'day')),"
                    + " unix_seconds(period_start(ts, 'month')),"
                    + " unix_seconds(period_start(ts, 'year')),"
                    + " unix_seconds(period_start(DATE'2024-03-05', 'month')),"
                    + " period_start(ts, 'week')"
                    + " FROM flows WHERE ts IS NOT NULL ORDER BY ts")
            .collectAsList();
    assertThat(rows.stream().map(Row::toString))
        .containsExactly(
            "[0,1969-12-31 19:00:00,0,0,0,1709251200,null]",
            "[1709660520,2024-03-05 12:00:00,1709596800,1709251200,1704067200,1709251200,null]",
            "[1735689540,2024-12-31 18:00:00,1735603200,1733011200,1704067200,1709251200,null]");
  }

  @Test
  void registeredDomainOverRows() {
    List<Row> rows =
        spark
            .sql(
                "SELECT name, registered_domain(name) FROM VALUES ('mail.google.com'),"
                    + " ('4.3.2.10.in-addr.arpa'), ('printer.local'), ('xn--bcher-kva.de'),"
                    + " (NULL), ('a..b') AS t(name) ORDER BY name NULLS LAST")
            .collectAsList();
    assertThat(rows.stream().map(Row::toString))
        .containsExactly(
            "[4.3.2.10.in-addr.arpa,10.in-addr.arpa]",
            "[a..b,null]",
            "[mail.google.com,google.com]",
            "[printer.local,null]",
            "[xn--bcher-kva.de,xn--bcher-kva.de]",
            "[null,null]");
  }

  @Test
  void wideAndOddArgumentTypesGiveValuesOrNull() {
    Row row =
        spark
            .sql(
                "SELECT number_to_ip(CAST(3232235521 AS DECIMAL(20,0))),"
                    + " service_name(CAST(443 AS BIGINT), CAST(6 AS SMALLINT)),"
                    + " tcp_flags_text(CAST(2 AS TINYINT)), ip_to_number(42),"
                    + " number_to_ip('1'), tcp_flags_text(2.5), flow_key(6, '10.0.0.1', 'x',"
                    + " '10.0.0.2', 1), ip_class(NULL), ip_in_cidr(NULL, NULL),"
                    + " binary_to_ip(unhex('00')), registered_domain(42)")
            .first();
    assertThat(row.toString())
        .isEqualTo("[192.168.0.1,https,S,null,null,null,null,null,null,null,null]");
  }
}
