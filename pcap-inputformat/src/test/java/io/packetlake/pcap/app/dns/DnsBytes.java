package io.packetlake.pcap.app.dns;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.uint16;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS message bytes for tests, written field by field (RFC 1035 section 4.1). Offsets in comments
 * of the tests count from the message's first byte, as compression pointers do.
 */
public final class DnsBytes {
  /** QR and RD: a response to a recursive query. */
  public static final int RESPONSE = 0x8180;

  /** RD: a recursive query. */
  public static final int QUERY = 0x0100;

  public static final int IN = 1;

  private DnsBytes() {}

  public static byte[] header(
      int id, int flags, int questions, int answers, int authorities, int additionals) {
    return concat(
        uint16(id),
        uint16(flags),
        uint16(questions),
        uint16(answers),
        uint16(authorities),
        uint16(additionals));
  }

  /** A name in wire form, ending in the root: {@code "www.example.com"}, or {@code "."}. */
  public static byte[] name(String dotted) {
    return concat(labels(dotted), new byte[] {0});
  }

  /** The labels of a dotted name without the terminating root, to be followed by a pointer. */
  public static byte[] labels(String dotted) {
    if (dotted.equals(".")) {
      return new byte[0];
    }
    byte[][] parts =
        Arrays.stream(dotted.split("\\."))
            .map(label -> label(label.getBytes(StandardCharsets.ISO_8859_1)))
            .toArray(byte[][]::new);
    return concat(parts);
  }

  /** One label of any bytes (its length byte first). */
  public static byte[] label(byte[] bytes) {
    return concat(new byte[] {(byte) bytes.length}, bytes);
  }

  /** A compression pointer to {@code offset}. */
  public static byte[] pointer(int offset) {
    return uint16(0xC000 | offset);
  }

  public static byte[] question(byte[] name, int type, int questionClass) {
    return concat(name, uint16(type), uint16(questionClass));
  }

  public static byte[] record(byte[] name, int type, int recordClass, long ttl, byte[] data) {
    return concat(name, uint16(type), uint16(recordClass), uint32(ttl), uint16(data.length), data);
  }

  public static byte[] uint32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }

  /** A TXT record's data: each string with its length byte. */
  public static byte[] characterStrings(byte[]... strings) {
    return concat(Arrays.stream(strings).map(DnsBytes::label).toArray(byte[][]::new));
  }

  /** One EDNS option (RFC 6891 section 6.1.2). */
  public static byte[] option(int code, byte[] value) {
    return concat(uint16(code), uint16(value.length), value);
  }

  /**
   * A response for {@code www.example.com} A with a CNAME, two addresses, an authority NS and an
   * EDNS OPT record, compressed as servers write it.
   */
  public static byte[] typicalResponse() {
    return concat(
        header(0x1234, RESPONSE, 1, 3, 1, 1),
        question(name("www.example.com"), 1, IN), // name at 12
        record(pointer(12), 5, IN, 300, concat(labels("cdn"), pointer(16))),
        record(concat(labels("cdn"), pointer(16)), 1, IN, 60, new byte[] {(byte) 192, 0, 2, 1}),
        record(concat(labels("cdn"), pointer(16)), 1, IN, 60, new byte[] {(byte) 192, 0, 2, 2}),
        record(pointer(16), 2, IN, 86400, concat(labels("ns1"), pointer(16))),
        record(name("."), 41, 1232, 0x0000_8000L, option(10, new byte[8])));
  }

  /** A query for {@code www.example.com} A with an EDNS OPT record. */
  public static byte[] typicalQuery() {
    return concat(
        header(0xBEEF, QUERY, 1, 0, 0, 1),
        question(name("www.example.com"), 1, IN),
        record(name("."), 41, 1232, 0, new byte[0]));
  }

  /** The seed inputs of {@code TestDnsParserFuzz}, by file name. */
  public static Map<String, byte[]> fuzzSeeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] response = typicalResponse();
    seeds.put("seed-response", response);
    seeds.put("seed-query", typicalQuery());
    seeds.put("seed-cut-response", Arrays.copyOf(response, response.length - 7));
    byte[] question = question(name("example.com"), 15, IN); // name at 12
    seeds.put(
        "seed-record-types",
        concat(
            header(2, RESPONSE, 1, 6, 1, 0),
            question,
            record(pointer(12), 15, IN, 60, concat(uint16(10), labels("mail"), pointer(12))),
            record(pointer(12), 33, IN, 60, concat(uint16(0), uint16(5), uint16(5060), name("."))),
            record(
                pointer(12), 16, IN, 60, characterStrings(new byte[] {'"', 0, '\\'}, new byte[0])),
            record(pointer(12), 28, IN, 60, new byte[16]),
            record(pointer(12), 12, IN, 60, pointer(12)),
            record(pointer(12), 257, IN, 60, new byte[] {0, 5, 'i', 's', 's', 'u', 'e'}),
            record(
                pointer(12),
                6,
                IN,
                60,
                concat(labels("ns"), pointer(12), name("."), new byte[20]))));
    seeds.put(
        "seed-mdns",
        concat(
            header(0, 0x8400, 0, 2, 0, 1),
            record(
                name("printer.local"), 1, 0x8001, 120, new byte[] {(byte) 192, (byte) 168, 0, 2}),
            record(pointer(12), 47, 0x8001, 120, concat(pointer(12), new byte[] {0, 1, 0x40})),
            record(name("."), 41, 1440, 0x1194, option(4, new byte[8]))));
    seeds.put(
        "seed-pointer-loop",
        concat(
            header(3, RESPONSE, 0, 2, 0, 0),
            record(name("."), 65280, IN, 0, pointer(25)),
            record(pointer(23), 1, IN, 0, new byte[4])));
    seeds.put(
        "seed-escaped-name",
        concat(
            header(4, QUERY, 1, 0, 0, 0),
            question(
                concat(label(new byte[] {'.', '\\', ' ', (byte) 0xE9}), new byte[] {0}), 1, IN)));
    return seeds;
  }
}
