package io.packetlake.jobs.activity;

import static io.packetlake.jobs.activity.ActivityAssertions.assertWithinBound;
import static io.packetlake.jobs.activity.ActivityAssertions.exactCounts;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.GenerationLimit;
import io.packetlake.generator.GeneratorConfig;
import io.packetlake.generator.TrafficGenerator;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ip_activity} of a generated capture, which always holds a horizontal scan (one port, at
 * least 64 addresses) and a vertical scan (at least 128 ports of one host): the scanners stand out
 * in the scan columns, and the estimates stay within the bound.
 */
final class TestGeneratedActivity {
  // The ports the generator's horizontal scans probe (PortScan).
  private static final List<Integer> HORIZONTAL_SCAN_PORTS =
      List.of(22, 23, 80, 443, 445, 3389, 5900, 8080);

  private static SparkSession spark;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    spark = TestSessions.create("TestGeneratedActivity");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void scannersStandOutAndEstimatesStayWithinTheBound() throws Exception {
    Path capture = directory.resolve("generated.pcap");
    new TrafficGenerator(GeneratorConfig.defaults().withLimit(GenerationLimit.packets(40_000)))
        .generate(capture, CaptureFileFormat.PCAP, false);
    Lake lake = new Lake(directory.resolve("lake").toString());
    ActivityLakes.ingestAndConnect(spark, lake, List.of(capture));
    ActivityJob.run(spark, ActivityConfig.allDates(lake), ActivityLakes.ledger(spark, lake));

    Dataset<Row> packets = spark.read().parquet(lake.table("packets")).cache();
    Dataset<Row> activity = spark.read().parquet(lake.table(ActivityTable.NAME)).cache();
    for (String grain : List.of("minute", "day", "month")) {
      assertWithinBound(activity, exactCounts(packets, grain), grain);
    }

    // Horizontal: the scanner's minute has the most peers on one port of any source minute, on
    // a scanned port; its hour holds the whole scan.
    Row horizontal = top(activity, "minute", "max_peers_on_one_port");
    assertThat(HORIZONTAL_SCAN_PORTS).contains(horizontal.<Integer>getAs("port_with_max_peers"));
    Row horizontalHour = top(activity, "hour", "max_peers_on_one_port");
    assertThat(horizontalHour.<String>getAs("address")).isEqualTo(horizontal.getAs("address"));
    assertThat(horizontalHour.<Integer>getAs("port_with_max_peers"))
        .isEqualTo(horizontal.getAs("port_with_max_peers"));
    assertThat(horizontalHour.<Long>getAs("max_peers_on_one_port")).isGreaterThanOrEqualTo(64);

    // Vertical: the scanner has the most ports on one peer; the target sees it from its side.
    Row vertical = top(activity, "minute", "max_ports_on_one_peer");
    Row verticalHour = top(activity, "hour", "max_ports_on_one_peer");
    assertThat(verticalHour.<String>getAs("address")).isEqualTo(vertical.getAs("address"));
    assertThat(verticalHour.<Long>getAs("max_ports_on_one_peer")).isGreaterThanOrEqualTo(128);
    Row target =
        activity
            .where(
                col("grain")
                    .equalTo("hour")
                    .and(col("role").equalTo("destination"))
                    .and(col("address").equalTo(verticalHour.<String>getAs("peer_with_max_ports"))))
            .orderBy(col("max_ports_on_one_peer").desc())
            .first();
    assertThat(target.<String>getAs("peer_with_max_ports")).isEqualTo(vertical.getAs("address"));
    assertThat(target.<Long>getAs("max_ports_on_one_peer"))
        .isEqualTo(verticalHour.<Long>getAs("max_ports_on_one_peer"));
    System.out.printf(
        "horizontal scanner %s: %s peers on port %s in its minute; vertical scanner %s: %s ports"
            + " of %s in its minute%n",
        horizontal.getAs("address"),
        horizontal.getAs("max_peers_on_one_port"),
        horizontal.getAs("port_with_max_peers"),
        vertical.getAs("address"),
        vertical.getAs("max_ports_on_one_peer"),
        vertical.getAs("peer_with_max_ports"));
  }

  private static Row top(Dataset<Row> activity, String grain, String column) {
    return activity
        .where(col("grain").equalTo(grain).and(col("role").equalTo("source")))
        .orderBy(col(column).desc(), col("address"))
        .first();
  }
}
