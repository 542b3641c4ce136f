package io.packetlake.jobs.application;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeVersion;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.jobs.lake.TableShape;
import io.packetlake.pcap.decode.FlowKeys;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    boolean reverse = queryName != null && queryName.toLowerCase(Locale.ROOT).endsWith(".arpa");
    List<Row> answers = new ArrayList<>();
    for (String address : answerAddresses) {
      boolean ipv6 = address.contains(":");
      answers.add(
          RowFactory.create(
              queryName, ipv6 ? 28 : 1, ipv6 ? "AAAA" : "A", 1, TTL_SECONDS, address));
    }
    Map<String, Object> values = new HashMap<>();
    values.put("capture_file", "hand-made.pcap");
    values.put("record_offset", 24L + 100L * rows.size());
    values.put(DnsTable.MESSAGE_TIME, time);
    values.put(
        DnsTable.MESSAGE_TIME_NS,
        ChronoUnit.NANOS.between(Instant.EPOCH, time.truncatedTo(ChronoUnit.MICROS)));
    values.put("ip_protocol", 17);
    values.put(DnsTable.SRC_ADDRESS, sender);
    values.put("src_port", isResponse ? serverPort : clientPort);
    values.put(DnsTable.DST_ADDRESS, receiver);
    values.put("dst_port", isResponse ? clientPort : serverPort);
    String client = isResponse ? receiver : sender;
    String server = isResponse ? sender : receiver;
    values.put(DnsTable.FLOW_KEY_HASH, FlowKeys.hash(17, client, clientPort, server, serverPort));
    int nameLength = queryName == null ? 0 : queryName.length() + 2;
    values.put("message_length", 12 + nameLength + 4 + 16 * answers.size());
    values.put(DnsTable.PARSE_STATUS, queryName == null ? "TRUNCATED" : "OK");
    values.put("transaction_id", 0x1000 + rows.size());
    values.put(DnsTable.IS_RESPONSE, isResponse);
    values.put("opcode", 0);
    values.put(DnsTable.RCODE, 0);
    values.put("rcode_name", "NOERROR");
    values.put("authoritative", false);
    values.put("truncated", false);
    values.put("recursion_desired", !multicast);
    values.put("recursion_available", isResponse && !multicast);
    values.put("authentic_data", false);
    values.put("checking_disabled", false);
    values.put("question_count", 1);
    values.put("answer_count", answers.size());
    values.put("authority_count", 0);
    values.put("additional_count", 0);
    values.put(DnsTable.QUERY_NAME, queryName);
    values.put(
        DnsTable.QUERY_NAME_NORMALIZED,
        queryName == null ? null : queryName.toLowerCase(Locale.ROOT));
    values.put(DnsTable.QUERY_TYPE, queryName == null ? null : reverse ? 12 : 1);
    values.put("query_type_name", queryName == null ? null : reverse ? "PTR" : "A");
    values.put("query_class", queryName == null ? null : 1);
    values.put(DnsTable.ANSWERS, answers);
    values.put(DnsTable.ANSWER_ADDRESSES, List.copyOf(answerAddresses));
    values.put("authority_records", List.of());
    values.put("additional_records", List.of());
    values.put("query_time", isResponse ? time.minusMillis(10) : null);
    values.put("response_delay", isResponse ? 0.010 : null);
    values.put(DnsTable.MESSAGE_DATE, LocalDate.ofInstant(time, ZoneOffset.UTC));
    values.put(DnsTable.CAPTURE_ID, CAPTURE_ID);
    Object[] row = new Object[DnsTable.CATALOG.columns().size()];
    List<String> names = DnsTable.CATALOG.columnNames();
    for (int index = 0; index < row.length; index++) {
      row[index] = values.get(names.get(index));
    }
    if (!values.keySet().containsAll(names) || values.size() != names.size()) {
      throw new IllegalStateException(
          "Cannot make a dns row: values for " + values.keySet() + ", columns " + names);
    }
    return RowFactory.create(row);
  }
}
