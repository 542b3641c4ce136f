package io.packetlake.jobs.application;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeVersion;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.TableShape;
import io.packetlake.pcap.app.ObservedDnsMessage;
import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsParseStatus;
import io.packetlake.pcap.app.dns.DnsQuestion;
import io.packetlake.pcap.app.dns.DnsRecord;
import io.packetlake.pcap.decode.FlowKeys;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows of the {@code dns} table made by hand, for the stages that read it: each a UDP message of
 * one question with the header, ports, flow hash and answers a real one has. Values are set by
 * column name and the row takes the catalog's column order.
 */
public final class DnsRows {
  public static final String CAPTURE_ID = "hand-made";
  private static final int DNS_PORT = 53;
  private static final int MDNS_PORT = 5353;
  private static final long TTL_SECONDS = 300;

  private final List<Row> rows = new ArrayList<>();

  /**
   * A query from {@code client} to {@code server} at {@code time}; to port 5353 when the name is
   * under {@code local}, 53 otherwise.
   */
  public DnsRows query(Instant time, String client, String server, String queryName) {
    rows.add(message(time, client, server, queryName, false, List.of()));
    return this;
  }

  /** The answer of {@code server} to {@code client}, 10 ms after {@code queryTime}. */
  public DnsRows response(
      Instant queryTime,
      String client,
      String server,
      String queryName,
      List<String> answerAddresses) {
    rows.add(
        message(
            queryTime.plusMillis(10),
            server,
            client,
            queryName,
            true,
            List.copyOf(answerAddresses)));
    return this;
  }

  /** A message whose question could not be read: no query name. */
  public DnsRows truncatedQuery(Instant time, String client, String server) {
    rows.add(message(time, client, server, null, false, List.of()));
    return this;
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /**
   * Writes the rows into the lake's dns table, replacing the partitions they fall in, as ingest
   * does: the lake states its schema version first.
   */
  public void writeTo(SparkSession spark, Lake lake) throws IOException {
    LakeVersion.claim(spark.sparkContext().hadoopConfiguration(), lake);
    PartitionOverwrite.write(
        TableShape.conform(
            spark.createDataFrame(rows, DnsTable.CATALOG.schema()), DnsTable.CATALOG),
        lake.table(DnsTable.NAME),
        DnsTable.CATALOG.partitionColumns(),
        Map.of());
  }

  private Row message(
      Instant time,
      String sender,
      String receiver,
      String queryName,
      boolean isResponse,
      List<String> answerAddresses) {
    requireNonNull(time, "time is null");
    boolean multicast = queryName != null && queryName.toLowerCase(Locale.ROOT).endsWith(".local");
    int clientPort = multicast ? MDNS_PORT : 40000 + rows.size();
    int serverPort = multicast ? MDNS_PORT : DNS_PORT;
    List<DnsRecord> answers = new ArrayList<>();
    for (String address : answerAddresses) {
      answers.add(addressRecord(queryName, address));
    }
    return row(
        time,
        sender,
        isResponse ? serverPort : clientPort,
        receiver,
        isResponse ? clientPort : serverPort,
        queryName,
        isResponse,
        answers,
        0x1000 + rows.size(),
        isResponse ? time.minusMillis(10) : null);
  }

  /** An A or AAAA record of {@code name}, by the form of {@code address}. */
  public static DnsRecord addressRecord(String name, String address) {
    return new DnsRecord(name, address.contains(":") ? 28 : 1, 1, TTL_SECONDS, address);
  }

  /**
   * The dns row of a hand-made UDP message of one question (PTR under {@code arpa}, A otherwise)
   * with these answers, made as ingest makes rows: an observed message through {@link
   * DnsTable#row}, so that every column has the value ingest would give it.
   *
   * @param queryName the question, or null for a message cut before it (then TRUNCATED)
   * @param queryTime for a response, when its query was seen; null when unknown
   */
  public static Row row(
      Instant time,
      String sender,
      int senderPort,
      String receiver,
      int receiverPort,
      String queryName,
      boolean isResponse,
      List<DnsRecord> answers,
      int transactionId,
      Instant queryTime) {
    boolean reverse = queryName != null && queryName.toLowerCase(Locale.ROOT).endsWith(".arpa");
    boolean multicast = senderPort == MDNS_PORT;
    int queryType = queryName == null ? -1 : reverse ? 12 : 1;
    List<DnsQuestion> questions =
        queryName == null ? List.of() : List.of(new DnsQuestion(queryName, queryType, 1));
    int length = 12 + (queryName == null ? 0 : queryName.length() + 6) + 16 * answers.size();
    DnsMessage message =
        new DnsMessage(
            queryName == null ? DnsParseStatus.TRUNCATED : DnsParseStatus.OK,
            length,
            true,
            transactionId,
            isResponse,
            0,
            0,
            false,
            false,
            !multicast,
            isResponse && !multicast,
            false,
            false,
            1,
            answers.size(),
            0,
            0,
            queryName,
            queryType,
            queryName == null ? -1 : 1,
            answers,
            List.of(),
            List.of(),
            questions);
    long timeNanos = nanos(time);
    PayloadSegment packet =
        new PayloadSegment(
            CAPTURE_ID,
            "hand-made.pcap",
            24L + 100L * (transactionId & 0xFFFF),
            timeNanos,
            17,
            sender,
            senderPort,
            receiver,
            receiverPort,
            FlowKeys.hash(17, sender, senderPort, receiver, receiverPort),
            -1,
            0,
            length,
            new byte[0]);
    return DnsTable.row(
        new ObservedDnsMessage(
            packet,
            message,
            length,
            queryTime == null ? PayloadSegment.NO_TIME : nanos(queryTime)));
  }

  private static long nanos(Instant time) {
    return ChronoUnit.NANOS.between(Instant.EPOCH, time.truncatedTo(ChronoUnit.MICROS));
  }
}
