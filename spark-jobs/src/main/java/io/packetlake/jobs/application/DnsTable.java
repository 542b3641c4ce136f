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
import java.util.List;
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

  private static final String RECORD_FIELDS =
      " (record_name, record_type, record_type_name, record_class, ttl in seconds, record_data as"
          + " text)";

  public static final TableCatalog CATALOG =
      new TableCatalog(
          NAME,
          "One row per DNS message (UDP and TCP on ports 53, 5353 mDNS and 5355 LLMNR): its header,"
              + " question and records, the message it answers, and the packet that completed it."
              + " Zeek's dns.log, one row per message instead of per query and reply",
          List.of(
              required(
                  "capture_file",
                  StringType,
                  "Capture file of the packet that completed the message (for TCP, the segment"
                      + " that delivered its last byte)"),
              required(
                  "record_offset",
                  LongType,
                  "Byte offset of that packet's record in capture_file: the packets table's"
                      + " record_offset"),
              optional(
                  MESSAGE_TIME,
                  TimestampType,
                  "Capture time of the packet that completed the message (UTC, microseconds)."
                      + " Zeek's ts"),
              optional(MESSAGE_TIME_NS, LongType, "message_time in nanoseconds since the epoch"),
              required("ip_protocol", IntegerType, "17 (UDP) or 6 (TCP). Zeek's proto"),
              required(SRC_ADDRESS, StringType, "IP address of the message's sender"),
              required("src_port", IntegerType, "Port of the message's sender"),
              required(DST_ADDRESS, StringType, "IP address of the message's receiver"),
              required("dst_port", IntegerType, "Port of the message's receiver"),
              required(
                  FLOW_KEY_HASH,
                  LongType,
                  "Direction-free hash of the flow key: the packets' and connections'"
                      + " flow_key_hash"),
              required(
                  "message_length",
                  IntegerType,
                  "Bytes of the DNS message as carried (UDP payload; for TCP without the 2-byte"
                      + " length prefix), as far as captured"),
              required(
                  PARSE_STATUS,
                  StringType,
                  "OK; TRUNCATED (message ends early: snap length, a gap in the TCP stream or the"
                      + " stream limit); MALFORMED_NAME (pointer loop, label or name too long);"
                      + " MALFORMED_RECORD (length past the end). Fields read so far are kept"),
              optional("transaction_id", IntegerType, "DNS transaction id. Zeek's trans_id"),
              optional(IS_RESPONSE, BooleanType, "QR flag: true for a response"),
              optional("opcode", IntegerType, "DNS opcode (0 standard query)"),
              optional(
                  RCODE,
                  IntegerType,
                  "Response code of the header (4 bits; 3 is NXDOMAIN). Zeek's rcode"),
              optional(
                  "rcode_name",
                  StringType,
                  "NOERROR, FORMERR, SERVFAIL, NXDOMAIN, ... Zeek's" + " rcode_name"),
              optional("authoritative", BooleanType, "AA flag. Zeek's AA"),
              optional("truncated", BooleanType, "TC flag. Zeek's TC"),
              optional("recursion_desired", BooleanType, "RD flag. Zeek's RD"),
              optional("recursion_available", BooleanType, "RA flag. Zeek's RA"),
              optional("authentic_data", BooleanType, "AD flag (DNSSEC)"),
              optional("checking_disabled", BooleanType, "CD flag (DNSSEC)"),
              optional("question_count", IntegerType, "QDCOUNT of the header"),
              optional("answer_count", IntegerType, "ANCOUNT of the header"),
              optional("authority_count", IntegerType, "NSCOUNT of the header"),
              optional("additional_count", IntegerType, "ARCOUNT of the header"),
              optional(
                  QUERY_NAME,
                  StringType,
                  "Name of the first question as sent (case kept, no trailing dot, the root as"
                      + " '.', dots and bytes outside printable ASCII escaped as in zone files)."
                      + " Zeek's query"),
              optional(
                  QUERY_NAME_NORMALIZED,
                  StringType,
                  "query_name in lower case: the name to group and join on"),
              optional(
                  QUERY_TYPE,
                  IntegerType,
                  "Type of the first question (1 A, 28 AAAA ...)." + " Zeek's qtype"),
              optional(
                  "query_type_name",
                  StringType,
                  "A, AAAA, PTR, ... or TYPE<n>. Zeek's" + " qtype_name"),
              optional(
                  "query_class",
                  IntegerType,
                  "Class of the first question as sent (1 IN; mDNS sets the top bit for a"
                      + " unicast response). Zeek's qclass"),
              required(
                  ANSWERS,
                  createArrayType(RESOURCE_RECORD, false),
                  "Answer section" + RECORD_FIELDS + ". Zeek's answers and TTLs"),
              required(
                  ANSWER_ADDRESSES,
                  createArrayType(StringType, false),
                  "The A and AAAA addresses of the answer section, in order"),
              required(
                  "authority_records",
                  createArrayType(RESOURCE_RECORD, false),
                  "Authority section" + RECORD_FIELDS),
              required(
                  "additional_records",
                  createArrayType(RESOURCE_RECORD, false),
                  "Additional section" + RECORD_FIELDS + ", EDNS OPT included"),
              optional(
                  "query_time",
                  TimestampType,
                  "For a response: capture time of the query it answers, the last query of the"
                      + " same flow and transaction id within 60 s before it in the same run"),
              optional(
                  "response_delay",
                  DoubleType,
                  "For a response: message_time minus query_time in seconds. Zeek's rtt"),
              optional(MESSAGE_DATE, DateType, "UTC date of message_time (partition)"),
              required(CAPTURE_ID, StringType, "Id of the capture (partition)")),
          List.of(MESSAGE_DATE, CAPTURE_ID));

  private DnsTable() {}
}
