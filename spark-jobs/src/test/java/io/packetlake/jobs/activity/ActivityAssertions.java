package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/** Exact counts over packets, and comparisons of ip_activity rows with them. */
final class ActivityAssertions {
  private ActivityAssertions() {}

  /** Packets of both roles: address, role, peer, port, timestamp, tcp_flags. */
  static Dataset<Row> roles(Dataset<Row> packets) {
    Dataset<Row> ip =
        packets.where(
            col("packet_time")
                .isNotNull()
                .and(col("src_address").isNotNull())
                .and(col("dst_address").isNotNull()));
    return ip.select(
            col("src_address").as("address"),
            lit("source").as("role"),
            col("dst_address").as("peer"),
            col("dst_port").as("port"),
            col("packet_time"),
            col("tcp_flags"))
        .unionByName(
            ip.select(
                col("dst_address").as("address"),
                lit("destination").as("role"),
                col("src_address").as("peer"),
                col("dst_port").as("port"),
                col("packet_time"),
                col("tcp_flags")));
  }

  /** Exact distinct counts per address, role and period of a grain (or of a calendar unit). */
  static Dataset<Row> exactCounts(Dataset<Row> packets, String unit) {
    List<Column> counts = new ArrayList<>();
    counts.add(countDistinct(col("port")).as("exact_ports"));
    for (TcpFlag flag : TcpFlag.values()) {
      counts.add(
          countDistinct(when(col("tcp_flags").bitwiseAND(flag.bit()).notEqual(0), col("peer")))
              .as("exact_" + flag.prefix() + "_peers"));
    }
    return roles(packets)
        .withColumn("period_start", date_trunc(unit, col("packet_time")))
        .groupBy("address", "role", "period_start")
        .agg(countDistinct(col("peer")).as("exact_peers"), counts.toArray(Column[]::new));
  }

  /** The estimate columns of {@code activity}'s rows of a grain, each against its exact count. */
  static void assertWithinBound(Dataset<Row> activity, Dataset<Row> exact, String grain) {
    Dataset<Row> rows = activity.where(col("grain").equalTo(grain));
    Dataset<Row> joined = rows.join(exact, scalaSeq(List.of("address", "role", "period_start")));
    assertThat(joined.count())
        .as("rows of %s matched with exact counts", grain)
        .isEqualTo(rows.count());
    assertThat(rows.count()).as("rows of %s", grain).isEqualTo(exact.count());
    List<String> estimates = new ArrayList<>();
    estimates.add("peers");
    estimates.add("ports");
    for (TcpFlag flag : TcpFlag.values()) {
      estimates.add(flag.prefix() + "_peers");
    }
    // The data is small: one collect, then every estimate against its exact count.
    for (Row row : joined.collectAsList()) {
      for (String estimate : estimates) {
        long value = row.getLong(row.fieldIndex(estimate));
        long exactValue = row.getLong(row.fieldIndex("exact_" + estimate));
        assertThat((double) Math.abs(value - exactValue))
            .as(
                "%s of %s %s at %s %s",
                estimate, row.getAs("role"), row.getAs("address"), grain, row.getAs("period_start"))
            .isLessThanOrEqualTo(exactValue * ActivityTable.ERROR_BOUND);
      }
    }
  }

  /** The rows as sorted text, sketches in base64 and maps as JSON, to compare whole tables. */
  static List<String> fingerprint(Dataset<Row> activity) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : activity.schema().fields()) {
      if (field.dataType() instanceof BinaryType) {
        columns.add(base64(col(field.name())).as(field.name()));
      } else if (field.dataType() instanceof MapType) {
        columns.add(to_json(col(field.name())).as(field.name()));
      } else {
        columns.add(col(field.name()).cast("string").as(field.name()));
      }
    }
    return activity.select(columns.toArray(Column[]::new)).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  static scala.collection.immutable.Seq<String> scalaSeq(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
  }
}
