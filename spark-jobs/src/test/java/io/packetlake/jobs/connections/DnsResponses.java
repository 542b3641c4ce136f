package io.packetlake.jobs.connections;

import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.PartitionOverwrite;
import io.packetlake.pcap.framing.EpochNanos;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-made rows of the dns table, for tests of what reads it while ingest does not write it from
 * the test captures: DNS responses, each from a resolver to a client, with the catalog's schema.
 * Values are set by column name; the columns a test does not care about get plausible constants.
 */
final class DnsResponses {
  static final String CAPTURE_ID = "00000000000d05e5";

  private static final int TYPE_A = 1;
  private static final int TYPE_CNAME = 5;
  private static final int TYPE_AAAA = 28;

  private DnsResponses() {}

  /** A response to {@code client} answering {@code queryName} with A or AAAA records. */
  static Row response(
      Instant time, String client, String server, String queryName, List<String> addresses) {
    List<Row> answers = new ArrayList<>();
    for (String address : addresses) {
      answers.add(addressRecord(queryName, address));
    }
    return response(time, client, server, queryName, answers, addresses);
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
    List<Row> answers = new ArrayList<>();
    answers.add(record(queryName, TYPE_CNAME, "CNAME", canonicalName));
    for (String address : addresses) {
      answers.add(addressRecord(canonicalName, address));
    }
    return response(time, client, server, queryName, answers, addresses);
  }

  /** Writes the rows into the lake's dns table, as the stages write their tables. */
  static void write(SparkSession spark, Lake lake, List<Row> responses) {
    PartitionOverwrite.writeCounted(
        spark.createDataFrame(responses, DnsTable.CATALOG.schema()), lake, DnsTable.CATALOG);
  }

  private static Row response(
      Instant time,
      String client,
      String server,
      String queryName,
      List<Row> answers,
      List<String> addresses) {
    long timeNanos = time.getEpochSecond() * EpochNanos.NANOS_PER_SECOND + time.getNano();
    Map<String, Object> values = new HashMap<>();
    values.put("capture_file", "dns-responses.pcap");
    values.put("record_offset", 24L);
    values.put(DnsTable.MESSAGE_TIME, time.truncatedTo(ChronoUnit.MICROS));
    values.put(DnsTable.MESSAGE_TIME_NS, timeNanos);
    values.put("ip_protocol", 17);
    values.put(DnsTable.SRC_ADDRESS, server);
    values.put("src_port", 53);
    values.put(DnsTable.DST_ADDRESS, client);
    values.put("dst_port", 53000);
    values.put(DnsTable.FLOW_KEY_HASH, 0L);
    values.put("message_length", 100);
    values.put(DnsTable.PARSE_STATUS, "OK");
    values.put("transaction_id", 4242);
    values.put(DnsTable.IS_RESPONSE, true);
    values.put("opcode", 0);
    values.put(DnsTable.RCODE, 0);
    values.put("rcode_name", "NOERROR");
    values.put("question_count", 1);
    values.put("answer_count", answers.size());
    values.put("authority_count", 0);
    values.put("additional_count", 0);
    values.put(DnsTable.QUERY_NAME, queryName);
    values.put(DnsTable.QUERY_NAME_NORMALIZED, queryName.toLowerCase(Locale.ROOT));
    values.put(DnsTable.QUERY_TYPE, TYPE_A);
    values.put("query_type_name", "A");
    values.put("query_class", 1);
    values.put(DnsTable.ANSWERS, answers.toArray(Row[]::new));
    values.put(DnsTable.ANSWER_ADDRESSES, addresses.toArray(String[]::new));
    values.put("authority_records", new Row[0]);
    values.put("additional_records", new Row[0]);
    values.put(DnsTable.MESSAGE_DATE, LocalDate.ofInstant(time, ZoneOffset.UTC));
    values.put(DnsTable.CAPTURE_ID, CAPTURE_ID);
    return byName(DnsTable.CATALOG.schema(), values);
  }

  private static Row addressRecord(String name, String address) {
    boolean ipv6 = address.indexOf(':') >= 0;
    return record(name, ipv6 ? TYPE_AAAA : TYPE_A, ipv6 ? "AAAA" : "A", address);
  }

  private static Row record(String name, int type, String typeName, String data) {
    Map<String, Object> values = new HashMap<>();
    values.put("record_name", name);
    values.put("record_type", type);
    values.put("record_type_name", typeName);
    values.put("record_class", 1);
    values.put("ttl", 300L);
    values.put("record_data", data);
    return byName(DnsTable.RESOURCE_RECORD, values);
  }

  /** The row of {@code schema} holding {@code values} by field name; absent fields are null. */
  private static Row byName(StructType schema, Map<String, Object> values) {
    for (String name : values.keySet()) {
      schema.apply(name);
    }
    StructField[] fields = schema.fields();
    Object[] row = new Object[fields.length];
    for (int index = 0; index < fields.length; index++) {
      row[index] = values.get(fields[index].name());
    }
    return RowFactory.create(row);
  }
}
