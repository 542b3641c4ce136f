package io.packetlake.jobs.connections;

import io.packetlake.jobs.application.DnsRows;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.pcap.app.dns.DnsRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Hand-made rows of the dns table, for tests of what reads it while ingest does not write it from
 * the test captures: DNS responses, each from a resolver to a client, with the catalog's schema.
 * Values are set by column name; the columns a test does not care about get plausible constants.
 */
final class DnsResponses {

  private static final int TYPE_CNAME = 5;

  private DnsResponses() {}

  /** A response to {@code client} answering {@code queryName} with A or AAAA records. */
  static Row response(
      Instant time, String client, String server, String queryName, List<String> addresses) {
    List<DnsRecord> answers = new ArrayList<>();
    for (String address : addresses) {
      answers.add(DnsRows.addressRecord(queryName, address));
    }
    return answered(time, client, server, queryName, answers);
  }

  /**
   * A response to {@code client} answering {@code queryName} with a CNAME to {@code canonicalName}
   * and the canonical name's A or AAAA records.
   */
  static Row cnameResponse(
      Instant time,
      String client,
      String server,
      String queryName,
      String canonicalName,
      List<String> addresses) {
    List<DnsRecord> answers = new ArrayList<>();
    answers.add(new DnsRecord(queryName, TYPE_CNAME, 1, 300, canonicalName));
    for (String address : addresses) {
      answers.add(DnsRows.addressRecord(canonicalName, address));
    }
    return answered(time, client, server, queryName, answers);
  }

  /** Writes the rows into the lake's dns table, as the stages write their tables. */
  static void write(SparkSession spark, Lake lake, List<Row> responses) {
    PartitionOverwrite.writeCounted(
        spark.createDataFrame(responses, DnsTable.CATALOG.schema()), lake, DnsTable.CATALOG);
  }

  private static Row answered(
      Instant time, String client, String server, String queryName, List<DnsRecord> answers) {
    return DnsRows.row(time, server, 53, client, 53000, queryName, true, answers, 4242, null);
  }
}
