package io.packetlake.jobs.application;

import static io.packetlake.jobs.lake.TableColumn.optional;
import static io.packetlake.jobs.lake.TableColumn.required;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableRows;
import io.packetlake.pcap.app.ObservedDnsMessage;
import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsNames;
import io.packetlake.pcap.app.dns.DnsQuestion;
import io.packetlake.pcap.app.dns.DnsRecord;
import io.packetlake.pcap.framing.EpochNanos;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code dns} table: one row per DNS message seen on the ports tshark decodes as DNS (53, mDNS
 * 5353, LLMNR 5355; UDP and TCP), written by ingest's application-layer pass. Partitioned by {@link
 * #MESSAGE_DATE} and {@link #CAPTURE_ID} like the packets table: a rerun of a capture replaces
 * exactly its partitions.
 */
public final class DnsTable {
  public static final String NAME = "dns";
  public static final String MESSAGE_TIME = "message_time";
  public static final String MESSAGE_TIME_NS = "message_time_ns";
  public static final String MESSAGE_DATE = "message_date";
  public static final String CAPTURE_ID = "capture_id";
  public static final String SRC_ADDRESS = "src_address";
  public static final String DST_ADDRESS = "dst_address";
  public static final String FLOW_KEY_HASH = "flow_key_hash";
  public static final String PARSE_STATUS = "parse_status";
  public static final String IS_RESPONSE = "is_response";
  public static final String RCODE = "rcode";
  public static final String QUERY_NAME = "query_name";
  public static final String QUERY_NAME_NORMALIZED = "query_name_normalized";
  public static final String QUERY_TYPE = "query_type";
  public static final String ANSWERS = "answers";
  public static final String ANSWER_ADDRESSES = "answer_addresses";

  /** The fields of one resource record in {@code answers}, {@code authority_records} ... */
  public static final StructType RESOURCE_RECORD =
      createStructType(
          List.of(
              createStructField("record_name", StringType, true),
              createStructField("record_type", IntegerType, false),
              createStructField("record_type_name", StringType, false),
              createStructField("record_class", IntegerType, false),
              createStructField("ttl", LongType, false),
              createStructField("record_data", StringType, true)));

  /** The fields of one question in {@code questions}. */
  public static final StructType QUESTION =
      createStructType(
          List.of(
              createStructField("question_name", StringType, false),
              createStructField("question_type", IntegerType, false),
              createStructField("question_type_name", StringType, false),
              createStructField("question_class", IntegerType, false)));

  private static final String RECORD_FIELDS =
      " (record_name, record_type, record_type_name, record_class, ttl in seconds, record_data as"
          + " text)";

  /** The columns and how each value is taken from a message the pass observed. */
  public static final TableRows<ObservedDnsMessage> ROWS =
      TableRows.<ObservedDnsMessage>builder(
              NAME,
              "One row per DNS message (UDP and TCP on ports 53, 5353 mDNS and 5355 LLMNR): its header,"
                  + " question and records, the message it answers, and the packet that completed it."
                  + " Zeek's dns.log, one row per message instead of per query and reply")
          .column(
              required(
                  "capture_file",
                  StringType,
                  "Capture file of the packet that completed the message (for TCP, the segment"
                      + " that delivered its last byte)"),
              observed -> observed.packet().captureFile())
          .column(
              required(
                  "record_offset",
                  LongType,
                  "Byte offset of that packet's record in capture_file: the packets table's"
                      + " record_offset"),
              observed -> observed.packet().recordOffset())
          .column(
              optional(
                  MESSAGE_TIME,
                  TimestampType,
                  "Capture time of the packet that completed the message (UTC, microseconds)."
                      + " Zeek's ts"),
              observed ->
                  observed.packet().hasTime()
                      ? EpochNanos.toMicrosecondInstant(observed.packet().timeNanos())
                      : null)
          .column(
              optional(MESSAGE_TIME_NS, LongType, "message_time in nanoseconds since the epoch"),
              observed -> observed.packet().hasTime() ? observed.packet().timeNanos() : null)
          .column(
              required("ip_protocol", IntegerType, "17 (UDP) or 6 (TCP). Zeek's proto"),
              observed -> observed.packet().ipProtocol())
          .column(
              required(SRC_ADDRESS, StringType, "IP address of the message's sender"),
              observed -> observed.packet().sourceAddress())
          .column(
              required("src_port", IntegerType, "Port of the message's sender"),
              observed -> observed.packet().sourcePort())
          .column(
              required(DST_ADDRESS, StringType, "IP address of the message's receiver"),
              observed -> observed.packet().destinationAddress())
          .column(
              required("dst_port", IntegerType, "Port of the message's receiver"),
              observed -> observed.packet().destinationPort())
          .column(
              required(
                  FLOW_KEY_HASH,
                  LongType,
                  "Direction-free hash of the flow key: the packets' and connections'"
                      + " flow_key_hash"),
              observed -> observed.packet().flowKeyHash())
          .column(
              required(
                  "message_length",
                  IntegerType,
                  "Bytes of the DNS message as carried (UDP payload; for TCP without the 2-byte"
                      + " length prefix), as far as captured"),
              ObservedDnsMessage::length)
          .column(
              required(
                  PARSE_STATUS,
                  StringType,
                  "OK; TRUNCATED (message ends early: snap length, a gap in the TCP stream or the"
                      + " stream limit); MALFORMED_NAME (pointer loop, label or name too long);"
                      + " MALFORMED_RECORD (length past the end). Fields read so far are kept"),
              observed -> observed.message().status().name())
          .column(
              optional("transaction_id", IntegerType, "DNS transaction id. Zeek's trans_id"),
              header(DnsMessage::transactionId))
          .column(
              optional(IS_RESPONSE, BooleanType, "QR flag: true for a response"),
              header(DnsMessage::response))
          .column(
              optional("opcode", IntegerType, "DNS opcode (0 standard query)"),
              header(DnsMessage::opcode))
          .column(
              optional(
                  RCODE,
                  IntegerType,
                  "Response code of the header (4 bits; 3 is NXDOMAIN). Zeek's rcode"),
              header(DnsMessage::rcode))
          .column(
              optional(
                  "rcode_name",
                  StringType,
                  "NOERROR, FORMERR, SERVFAIL, NXDOMAIN, ... Zeek's" + " rcode_name"),
              header(message -> DnsNames.rcodeName(message.rcode())))
          .column(
              optional("authoritative", BooleanType, "AA flag. Zeek's AA"),
              header(DnsMessage::authoritative))
          .column(
              optional("truncated", BooleanType, "TC flag. Zeek's TC"),
              header(DnsMessage::truncated))
          .column(
              optional("recursion_desired", BooleanType, "RD flag. Zeek's RD"),
              header(DnsMessage::recursionDesired))
          .column(
              optional("recursion_available", BooleanType, "RA flag. Zeek's RA"),
              header(DnsMessage::recursionAvailable))
          .column(
              optional("authentic_data", BooleanType, "AD flag (DNSSEC)"),
              header(DnsMessage::authenticData))
          .column(
              optional("checking_disabled", BooleanType, "CD flag (DNSSEC)"),
              header(DnsMessage::checkingDisabled))
          .column(
              optional("question_count", IntegerType, "QDCOUNT of the header"),
              header(DnsMessage::questionCount))
          .column(
              optional("answer_count", IntegerType, "ANCOUNT of the header"),
              header(DnsMessage::answerCount))
          .column(
              optional("authority_count", IntegerType, "NSCOUNT of the header"),
              header(DnsMessage::authorityCount))
          .column(
              optional("additional_count", IntegerType, "ARCOUNT of the header"),
              header(DnsMessage::additionalCount))
          .column(
              optional(
                  QUERY_NAME,
                  StringType,
                  "Name of the first question as sent (case kept, no trailing dot, the root as"
                      + " '.', dots and bytes outside printable ASCII escaped as in zone files)."
                      + " Zeek's query"),
              observed -> observed.message().queryName())
          .column(
              optional(
                  QUERY_NAME_NORMALIZED,
                  StringType,
                  "query_name in lower case: the name to group and join on"),
              observed -> observed.message().queryNameNormalized())
          .column(
              optional(
                  QUERY_TYPE,
                  IntegerType,
                  "Type of the first question (1 A, 28 AAAA ...)." + " Zeek's qtype"),
              question(DnsMessage::queryType))
          .column(
              optional(
                  "query_type_name",
                  StringType,
                  "A, AAAA, PTR, ... or TYPE<n>. Zeek's" + " qtype_name"),
              question(message -> DnsNames.typeName(message.queryType())))
          .column(
              optional(
                  "query_class",
                  IntegerType,
                  "Class of the first question as sent (1 IN; mDNS sets the top bit for a"
                      + " unicast response). Zeek's qclass"),
              question(DnsMessage::queryClass))
          .column(
              required(
                  "questions",
                  createArrayType(QUESTION, false),
                  "Every question read whole, in order (question_name, question_type,"
                      + " question_type_name, question_class): mDNS asks several at once; the"
                      + " first is query_name, query_type and query_class"),
              observed -> questions(observed.message().questions()))
          .column(
              required(
                  ANSWERS,
                  createArrayType(RESOURCE_RECORD, false),
                  "Answer section" + RECORD_FIELDS + ". Zeek's answers and TTLs"),
              observed -> records(observed.message().answers()))
          .column(
              required(
                  ANSWER_ADDRESSES,
                  createArrayType(StringType, false),
                  "The A and AAAA addresses of the answer section, in order"),
              // A Row holds an array column as a Java array or a Scala Seq, never a List.
              observed -> observed.message().answerAddresses().toArray(String[]::new))
          .column(
              required(
                  "authority_records",
                  createArrayType(RESOURCE_RECORD, false),
                  "Authority section" + RECORD_FIELDS),
              observed -> records(observed.message().authorities()))
          .column(
              required(
                  "additional_records",
                  createArrayType(RESOURCE_RECORD, false),
                  "Additional section" + RECORD_FIELDS + ", EDNS OPT included"),
              observed -> records(observed.message().additionals()))
          .column(
              optional(
                  "query_time",
                  TimestampType,
                  "For a response: capture time of the query it answers, the last query of the"
                      + " same flow and transaction id within 60 s before it in the same run"),
              observed ->
                  observed.answersKnownQuery()
                      ? EpochNanos.toMicrosecondInstant(observed.queryTimeNanos())
                      : null)
          .column(
              optional(
                  "response_delay",
                  DoubleType,
                  "For a response: message_time minus query_time in seconds. Zeek's rtt"),
              observed ->
                  observed.answersKnownQuery()
                      ? (observed.packet().timeNanos() - observed.queryTimeNanos()) / 1e9
                      : null)
          .column(
              optional(MESSAGE_DATE, DateType, "UTC date of message_time (partition)"),
              observed ->
                  observed.packet().hasTime()
                      ? LocalDate.ofEpochDay(EpochNanos.toEpochDay(observed.packet().timeNanos()))
                      : null)
          .column(
              required(CAPTURE_ID, StringType, "Id of the capture (partition)"),
              observed -> observed.packet().captureId())
          .build(List.of(MESSAGE_DATE, CAPTURE_ID));

  public static final TableCatalog CATALOG = ROWS.catalog();

  private DnsTable() {}

  /** The row of an observed message. */
  public static Row row(ObservedDnsMessage observed) {
    return ROWS.row(observed);
  }

  /** A header field, null when the message is shorter than its header. */
  private static Function<ObservedDnsMessage, Object> header(Function<DnsMessage, Object> field) {
    return observed -> observed.message().hasHeader() ? field.apply(observed.message()) : null;
  }

  /** A field of the first question, null when the message has none. */
  private static Function<ObservedDnsMessage, Object> question(Function<DnsMessage, Object> field) {
    return observed ->
        observed.message().queryName() != null ? field.apply(observed.message()) : null;
  }

  /** Questions as rows of {@link #QUESTION}. */
  private static Row[] questions(List<DnsQuestion> questions) {
    Row[] rows = new Row[questions.size()];
    for (int index = 0; index < rows.length; index++) {
      DnsQuestion question = questions.get(index);
      rows[index] =
          new GenericRowWithSchema(
              new Object[] {
                question.name(),
                question.type(),
                DnsNames.typeName(question.type()),
                question.questionClass()
              },
              QUESTION);
    }
    return rows;
  }

  /** Resource records as rows of {@link #RESOURCE_RECORD}. */
  private static Row[] records(List<DnsRecord> records) {
    Row[] rows = new Row[records.size()];
    for (int index = 0; index < rows.length; index++) {
      DnsRecord record = records.get(index);
      rows[index] =
          new GenericRowWithSchema(
              new Object[] {
                record.name(),
                record.type(),
                DnsNames.typeName(record.type()),
                record.recordClass(),
                record.ttl(),
                record.data()
              },
              RESOURCE_RECORD);
    }
    return rows;
  }
}
