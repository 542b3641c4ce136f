package io.packetlake.udfs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The packetlake SQL functions and their one-call registration.
 *
 * <p>Names carry no prefix: they read like SQL ({@code ip_in_cidr(src_address, '10.0.0.0/8')}) and
 * none is a Spark built-in (a test checks that, so a Spark upgrade that adds one is noticed). Each
 * is a thin null-safe wrapper of a static method in this package: null or invalid input gives null.
 *
 * <p>From a {@code %spark} paragraph or spark-shell: {@code
 * io.packetlake.udfs.PacketlakeFunctions.register(spark)}. For spark-sql and every Zeppelin
 * interpreter at once, set {@code spark.sql.extensions=io.packetlake.udfs.PacketlakeExtensions}
 * instead.
 */
public final class PacketlakeFunctions {
  private static final List<SqlFunction> FUNCTIONS =
      List.of(
          function(
              "ip_to_number",
              1,
              DataTypes.LongType,
              (UDF1<Object, Long>) ip -> IpAddresses.ipv4ToNumber(SqlValues.text(ip)),
              "ip_to_number(ip) - IPv4 text as its unsigned 32-bit BIGINT; null for IPv6 (use"
                  + " ip_to_binary) and invalid text.",
              "SELECT ip_to_number('192.168.0.1'); -- 3232235521"),
          function(
              "number_to_ip",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>)
                  number -> {
                    Long value = SqlValues.integral(number);
                    return value == null ? null : IpAddresses.numberToIpv4(value);
                  },
              "number_to_ip(number) - An unsigned 32-bit number as IPv4 text; null outside 0 to"
                  + " 4294967295.",
              "SELECT number_to_ip(3232235521); -- 192.168.0.1"),
          function(
              "ip_to_binary",
              1,
              DataTypes.BinaryType,
              (UDF1<Object, byte[]>) ip -> IpAddresses.parse(SqlValues.text(ip)),
              "ip_to_binary(ip) - The 4 (IPv4) or 16 (IPv6) network-order bytes of an address."
                  + " Within one family, binary order is numeric order, so BETWEEN works on it.",
              "SELECT hex(ip_to_binary('2001:db8::1')); -- 20010DB8000000000000000000000001"),
          function(
              "binary_to_ip",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>)
                  bytes -> bytes instanceof byte[] ? IpAddresses.format((byte[]) bytes) : null,
              "binary_to_ip(bytes) - 4 or 16 address bytes as RFC 5952 text; null for other"
                  + " lengths.",
              "SELECT binary_to_ip(unhex('C0A80001')); -- 192.168.0.1"),
          function(
              "ip_normalize",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>) ip -> IpAddresses.normalize(SqlValues.text(ip)),
              "ip_normalize(ip) - The canonical (RFC 5952) text of an address, as the lake stores"
                  + " it, so that user input compares equal to table values.",
              "SELECT ip_normalize('2001:DB8:0:0::1'); -- 2001:db8::1"),
          function(
              "ip_in_cidr",
              2,
              DataTypes.BooleanType,
              (UDF2<Object, Object, Boolean>)
                  (ip, cidr) -> Cidr.contains(SqlValues.text(ip), SqlValues.text(cidr)),
              "ip_in_cidr(ip, cidr) - Whether the address lies in the IPv4 or IPv6 prefix; false"
                  + " across families, null when either is invalid.",
              "SELECT ip_in_cidr('10.1.2.3', '10.0.0.0/8'); -- true"),
          function(
              "ip_class",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>) ip -> AddressClasses.classify(SqlValues.text(ip)),
              "ip_class(ip) - unspecified, loopback, private, shared, link-local, multicast,"
                  + " broadcast, documentation, reserved or public (IANA special-purpose"
                  + " registries, RFC 6890).",
              "SELECT ip_class('192.168.1.10'); -- private"),
          function(
              "tcp_flags_text",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>)
                  flags -> {
                    Long value = SqlValues.integral(flags);
                    return value == null ? null : TcpFlagsText.toText(value);
                  },
              "tcp_flags_text(flags) - TCP flag bits as letters in bit order F S R P A U E W N"
                  + " (FIN SYN RST PSH ACK URG ECE CWR NS); '' for none.",
              "SELECT tcp_flags_text(18); -- SA"),
          function(
              "flow_key",
              5,
              DataTypes.StringType,
              (UDF5<Object, Object, Object, Object, Object, String>)
                  (protocol, firstAddress, firstPort, secondAddress, secondPort) ->
                      flowKey(protocol, firstAddress, firstPort, secondAddress, secondPort),
              "flow_key(protocol, address_a, port_a, address_b, port_b) - Direction-free key:"
                  + " protocol and the two endpoints in sorted order; ports may be null.",
              "SELECT flow_key(6, '10.0.0.2', 80, '10.0.0.1', 51000); -- 6 10.0.0.1:51000"
                  + " 10.0.0.2:80"),
          function(
              "flow_key_hash",
              5,
              DataTypes.LongType,
              (UDF5<Object, Object, Object, Object, Object, Long>)
                  (protocol, firstAddress, firstPort, secondAddress, secondPort) ->
                      flowKeyHash(protocol, firstAddress, firstPort, secondAddress, secondPort),
              "flow_key_hash(protocol, address_a, port_a, address_b, port_b) - The packets and"
                  + " connections tables' flow_key_hash of a flow: the first 8 bytes of the"
                  + " SHA-256 of flow_key(...). For ICMP, pass as both ports the key port (the"
                  + " request's type * 256 + code).",
              "SELECT flow_key_hash(6, '93.184.216.34', 443, '10.0.0.1', 51000); --"
                  + " 851503217944828942"),
          function(
              "service_name",
              2,
              DataTypes.StringType,
              (UDF2<Object, Object, String>)
                  (port, protocol) -> {
                    Long portNumber = SqlValues.integral(port);
                    Long protocolNumber = SqlValues.integral(protocol);
                    return portNumber == null || protocolNumber == null
                        ? null
                        : Services.name(portNumber, protocolNumber);
                  },
              "service_name(port, protocol) - IANA service name of a common port under IP"
                  + " protocol 6 (TCP), 17 (UDP) or 132 (SCTP); null when not in the built-in"
                  + " table.",
              "SELECT service_name(443, 6); -- https"),
          function(
              "registered_domain",
              1,
              DataTypes.StringType,
              (UDF1<Object, String>) name -> DomainNames.registeredDomain(SqlValues.text(name)),
              "registered_domain(name) - The public suffix and the label before it (public suffix"
                  + " list, private section included), in lower case; null for names under no"
                  + " public suffix (local, single labels), a suffix itself, or invalid names.",
              "SELECT registered_domain('www.BBC.co.uk'); -- bbc.co.uk"),
          function(
              "period_start",
              2,
              DataTypes.TimestampType,
              (UDF2<Object, Object, Instant>)
                  (time, grain) -> Periods.start(SqlValues.instant(time), SqlValues.text(grain)),
              "period_start(ts, grain) - Start of the UTC minute, hour, day, month or year holding"
                  + " a timestamp or date, whatever the session time zone.",
              "SELECT period_start(TIMESTAMP'2024-03-05 17:42:10Z', 'month'); -- 2024-03-01"
                  + " 00:00:00 UTC"));

  private PacketlakeFunctions() {}

  /** Registers every function as a temporary function of the session. */
  public static void register(SparkSession spark) {
    requireNonNull(spark, "spark is null");
    for (SqlFunction function : FUNCTIONS) {
      spark.udf().register(function.name(), function.function());
    }
  }

  /** Every function, in documentation order. */
  public static List<SqlFunction> functions() {
    return FUNCTIONS;
  }

  private static String flowKey(
      Object protocol,
      Object firstAddress,
      Object firstPort,
      Object secondAddress,
      Object secondPort) {
    Integer firstPortNumber = SqlValues.integer(firstPort);
    Integer secondPortNumber = SqlValues.integer(secondPort);
    // A port of a type that is not a number is invalid, not absent.
    if ((firstPort != null && firstPortNumber == null)
        || (secondPort != null && secondPortNumber == null)) {
      return null;
    }
    return FlowKeys.canonical(
        SqlValues.integer(protocol),
        SqlValues.text(firstAddress),
        firstPortNumber,
        SqlValues.text(secondAddress),
        secondPortNumber);
  }

  private static Long flowKeyHash(
      Object protocol,
      Object firstAddress,
      Object firstPort,
      Object secondAddress,
      Object secondPort) {
    String key = flowKey(protocol, firstAddress, firstPort, secondAddress, secondPort);
    return key == null ? null : io.packetlake.pcap.decode.FlowKeys.hashOfText(key);
  }

  private static SqlFunction function(
      String name,
      int arguments,
      DataType returnType,
      Object implementation,
      String usage,
      String example) {
    UserDefinedFunction function;
    if (implementation instanceof UDF1) {
      function = functions.udf((UDF1<?, ?>) implementation, returnType);
    } else if (implementation instanceof UDF2) {
      function = functions.udf((UDF2<?, ?, ?>) implementation, returnType);
    } else {
      function = functions.udf((UDF5<?, ?, ?, ?, ?, ?>) implementation, returnType);
    }
    return new SqlFunction(name, arguments, function.withName(name), usage, example);
  }
}
