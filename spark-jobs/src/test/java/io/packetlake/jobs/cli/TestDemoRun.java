package io.packetlake.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.vectors.NameVectorTable;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code packetlake run} without inputs, the README's first command, on a small demo capture: the
 * DNS lookups the generator writes (a client asks the site's resolver for a server of the generated
 * network, for a name that does not exist, or for a large TXT record that arrives in IP fragments)
 * reach the dns table, the names reach name_vectors, and connections learn their responders' names.
 */
final class TestDemoRun {
  /** Names the generator gives its servers, aliases and missing names. */
  private static final String GENERATED_NAME = "[a-z0-9.-]+\\.(example\\.(com|net|org)|internal)";

  @TempDir static Path directory;

  private static SparkSession spark;
  private static Lake lake;

  @BeforeAll
  static void runTheDemo() {
    spark = TestSessions.create("TestDemoRun");
    lake = new Lake(directory.resolve("lake").toString());
    StringWriter err = new StringWriter();
    int exitCode =
        PacketlakeCommand.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--lake",
                lake.root(),
                "--demo-capture",
                directory.resolve("demo.pcap").toString(),
                "--demo-packets",
                "30000");
    assertThat(exitCode).as(err.toString()).isZero();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void theGeneratedLookupsAreInTheDnsTable() {
    Dataset<Row> dns = DnsTable.CATALOG.read(spark, lake.table(DnsTable.NAME)).cache();
    assertThat(dns.count()).isGreaterThan(100);
    List<String> names =
        dns.select(DnsTable.QUERY_NAME_NORMALIZED)
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(names).isNotEmpty().allMatch(name -> name.matches(GENERATED_NAME));

    List<List<String>> answers =
        dns
            .where(col(DnsTable.IS_RESPONSE).and(col(DnsTable.RCODE).equalTo(0)))
            .select(DnsTable.ANSWER_ADDRESSES)
            .collectAsList()
            .stream()
            .map(row -> row.<String>getList(0))
            .filter(list -> !list.isEmpty())
            .toList();
    assertThat(answers).isNotEmpty();
    assertThat(answers.stream().flatMap(List::stream))
        .allMatch(address -> address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+|[0-9a-f:]+"));

    // Lookups of missing names are answered NXDOMAIN; only the large TXT answers, which arrive in
    // IP fragments that the pass does not put together, are cut.
    assertThat(dns.where(col(DnsTable.RCODE).equalTo(3)).count()).isPositive();
    assertThat(
            dns.where(col(DnsTable.PARSE_STATUS).notEqual("OK"))
                .where(
                    col(DnsTable.PARSE_STATUS)
                        .notEqual("TRUNCATED")
                        .or(col(DnsTable.QUERY_TYPE).notEqual(16)))
                .count())
        .isZero();
    Dataset<Row> responses = dns.where(col(DnsTable.IS_RESPONSE));
    assertThat(responses.where(col("query_time").isNotNull()).count())
        .isGreaterThan(responses.count() * 9 / 10);
  }

  /**
   * A client that looked a server up and then connected to it has the server's name on the
   * connection: the name the generator gave the server, not an address.
   */
  @Test
  void theNamesReachTheNameVectorsAndTheConnections() {
    Dataset<Row> vectors = NameVectorTable.CATALOG.read(spark, lake.table(NameVectorTable.NAME));
    assertThat(vectors.where(col("grain").equalTo("day")).count()).isPositive();
    Dataset<Row> connections =
        ConnectionTable.CATALOG.read(spark, lake.table(ConnectionTable.NAME));
    List<String> named =
        connections
            .where(col("responder_name").isNotNull())
            .select("responder_name")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(named).isNotEmpty().allMatch(name -> name.matches(GENERATED_NAME));
  }
}
