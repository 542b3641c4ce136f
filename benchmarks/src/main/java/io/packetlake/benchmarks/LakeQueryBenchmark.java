package io.packetlake.benchmarks;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.udfs.IpAddresses;
import io.packetlake.udfs.PacketlakeFunctions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Analyst queries on a lake that exists, timed side by side in one session: what the lake's
 * conventions decide (docs/GLOSSARY.md).
 *
 * <ul>
 *   <li><b>Drill-down</b>: one connection's packets by the key both tables store ({@code
 *       flow_key_hash}, the time range, {@code capture_ids}), against the join the lake allowed
 *       before that key existed ({@code flow_key(...)} computed on both sides within the dates
 *       around the connection), for the largest connections and a few others.
 *   <li><b>Addresses as text or as bytes</b>: a CIDR filter on the stored text ({@code
 *       ip_in_cidr}), and a byte range on a copy of the packets' addresses that also stores them as
 *       16-byte values, with the copy's extra size.
 * </ul>
 */
final class LakeQueryBenchmark {
  private static final List<String> CIDRS = List.of("192.168.0.0/16", "10.0.0.0/8", "2001::/16");

  private static final HexFormat HEX = HexFormat.of();

  private final SparkSession spark;
  private final Lake lake;
  private final Path work;
  private final int runs;
  private final PrintWriter out;

  LakeQueryBenchmark(SparkSession spark, Lake lake, Path work, int runs, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.work = requireNonNull(work, "work is null");
    this.runs = runs;
    this.out = requireNonNull(out, "out is null");
  }

  void run() throws IOException {
    PacketlakeFunctions.register(spark);
    spark.read().parquet(lake.table(PacketTable.NAME)).createOrReplaceTempView("packets");
    spark.read().parquet(lake.table(ConnectionTable.NAME)).createOrReplaceTempView("connections");
    long packets = spark.table("packets").count();
    long connections = spark.table("connections").count();
    out.printf(
        Locale.ROOT,
        "Lake %s: %,d packets, %,d connections%n%n",
        lake.root(),
        packets,
        connections);
    drillDown();
    addresses();
    out.flush();
  }

  private void drillDown() {
    List<Row> chosen =
        spark
            .sql(
                """
                (SELECT connection_id, originator_packets + responder_packets AS packets
                 FROM connections ORDER BY packets DESC, connection_id LIMIT 3)
                UNION ALL
                (SELECT connection_id, originator_packets + responder_packets AS packets
                 FROM connections WHERE ip_protocol = 6
                 ORDER BY hash(connection_id), connection_id LIMIT 3)
                """)
            .collectAsList();
    out.println(
        "| connection | packets | flow_key_hash, values as literals, s | rows | flow_key_hash"
            + " join, s | rows | flow_key(...) join ±1 day, s | rows |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row connection : chosen) {
      String id = connection.getString(0);
      String byHash =
          """
          SELECT count(*) FROM packets p
          JOIN (SELECT *, explode(capture_ids) AS in_capture FROM connections
                WHERE connection_id = '%s') c
            ON p.capture_id = c.in_capture
           AND p.flow_key_hash = c.flow_key_hash
           AND p.packet_date BETWEEN c.start_date AND to_date(c.end_time)
           AND p.packet_time_ns BETWEEN c.start_time_ns AND c.end_time_ns
          """
              .formatted(id);
      String byKeyText =
          """
          SELECT count(*) FROM packets p
          JOIN (SELECT * FROM connections WHERE connection_id = '%s') c
            ON p.packet_date BETWEEN c.start_date - 1 AND c.start_date + 1
           AND p.packet_time_ns BETWEEN c.start_time_ns AND c.end_time_ns
           AND flow_key(p.ip_protocol, p.src_address, p.src_port, p.dst_address, p.dst_port)
             = flow_key(c.ip_protocol, c.originator_address, c.originator_port,
                        c.responder_address, c.responder_port)
          """
              .formatted(id);
      Timed literals = time(DrillDown.countQuery(id));
      Timed hash = time(byHash);
      Timed text = time(byKeyText);
      out.printf(
          Locale.ROOT,
          "| %s | %,d | %.2f | %,d | %.2f | %,d | %.2f | %,d |%n",
          id,
          connection.getLong(1),
          literals.seconds(),
          literals.value(),
          hash.seconds(),
          hash.value(),
          text.seconds(),
          text.value());
    }
    out.println();
  }

  private void addresses() throws IOException {
    Path withText = work.resolve("addresses-text");
    Path withBytes = work.resolve("addresses-text-and-bytes");
    spark
        .sql("SELECT packet_date, src_address, dst_address FROM packets")
        .write()
        .mode("overwrite")
        .parquet(withText.toString());
    spark
        .sql(
            "SELECT packet_date, src_address, dst_address, ip_to_binary(src_address) AS"
                + " src_address_bytes, ip_to_binary(dst_address) AS dst_address_bytes FROM packets")
        .write()
        .mode("overwrite")
        .parquet(withBytes.toString());
    spark.read().parquet(withBytes.toString()).createOrReplaceTempView("addresses");
    long textBytes = size(withText);
    long bothBytes = size(withBytes);
    out.printf(
        Locale.ROOT,
        "Addresses as text: %,d bytes of Parquet; text and 16-byte binary: %,d bytes (%.2fx)%n%n",
        textBytes,
        bothBytes,
        bothBytes / (double) textBytes);
    out.println("| CIDR | ip_in_cidr on text, s | rows | byte range on binary, s | rows |");
    out.println("|---|---:|---:|---:|---:|");
    for (String cidr : CIDRS) {
      byte[] low = IpAddresses.parse(cidr.substring(0, cidr.indexOf('/')));
      byte[] high = low.clone();
      int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
      for (int bit = prefix; bit < low.length * Byte.SIZE; bit++) {
        int mask = 0x80 >>> (bit % Byte.SIZE);
        low[bit / Byte.SIZE] &= (byte) ~mask;
        high[bit / Byte.SIZE] |= (byte) mask;
      }
      Timed text =
          time(
              "SELECT count(*) FROM addresses WHERE ip_in_cidr(src_address, '%s')".formatted(cidr));
      Timed binary =
          time(
              ("SELECT count(*) FROM addresses WHERE octet_length(src_address_bytes) = %d"
                      + " AND src_address_bytes BETWEEN unhex('%s') AND unhex('%s')")
                  .formatted(low.length, HEX.formatHex(low), HEX.formatHex(high)));
      out.printf(
          Locale.ROOT,
          "| %s | %.2f | %,d | %.2f | %,d |%n",
          cidr,
          text.seconds(),
          text.value(),
          binary.seconds(),
          binary.value());
    }
    out.println();
  }

  /** The median time of {@link #runs} runs of a count query after one warm-up, and its count. */
  private Timed time(String countQuery) {
    long value = spark.sql(countQuery).first().getLong(0);
    List<Double> seconds = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      spark.sql(countQuery).first();
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    seconds.sort(Double::compare);
    return new Timed(seconds.get(seconds.size() / 2), value);
  }

  private static long size(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .mapToLong(file -> file.toFile().length())
          .sum();
    }
  }

  private record Timed(double seconds, long value) {}
}
