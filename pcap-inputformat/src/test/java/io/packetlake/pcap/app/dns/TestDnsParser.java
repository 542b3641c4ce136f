package io.packetlake.pcap.app.dns;

import static io.packetlake.pcap.app.dns.DnsBytes.IN;
import static io.packetlake.pcap.app.dns.DnsBytes.QUERY;
import static io.packetlake.pcap.app.dns.DnsBytes.RESPONSE;
import static io.packetlake.pcap.app.dns.DnsBytes.characterStrings;
import static io.packetlake.pcap.app.dns.DnsBytes.header;
import static io.packetlake.pcap.app.dns.DnsBytes.label;
import static io.packetlake.pcap.app.dns.DnsBytes.labels;
import static io.packetlake.pcap.app.dns.DnsBytes.name;
import static io.packetlake.pcap.app.dns.DnsBytes.option;
import static io.packetlake.pcap.app.dns.DnsBytes.pointer;
import static io.packetlake.pcap.app.dns.DnsBytes.question;
import static io.packetlake.pcap.app.dns.DnsBytes.record;
import static io.packetlake.pcap.app.dns.DnsBytes.uint32;
import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.uint16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DnsParser} on well-formed messages: header, question, every rendered type, names. */
final class TestDnsParser {
  private static final byte[] QUESTION = question(name("example.com"), 1, IN); // name at 12

  @Test
  void typicalResponse() {
    DnsMessage message = parse(DnsBytes.typicalResponse());

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.hasHeader()).isTrue();
    assertThat(message.transactionId()).isEqualTo(0x1234);
    assertThat(message.response()).isTrue();
    assertThat(message.recursionDesired()).isTrue();
    assertThat(message.recursionAvailable()).isTrue();
    assertThat(message.rcode()).isZero();
    assertThat(message.rcodeName()).isEqualTo("NOERROR");
    assertThat(message.queryName()).isEqualTo("www.example.com");
    assertThat(message.queryType()).isEqualTo(1);
    assertThat(message.queryTypeName()).isEqualTo("A");
    assertThat(message.queryClass()).isEqualTo(IN);
    assertThat(message.answers())
        .containsExactly(
            new DnsRecord("www.example.com", 5, IN, 300, "cdn.example.com"),
            new DnsRecord("cdn.example.com", 1, IN, 60, "192.0.2.1"),
            new DnsRecord("cdn.example.com", 1, IN, 60, "192.0.2.2"));
    assertThat(message.authorities())
        .containsExactly(new DnsRecord("example.com", 2, IN, 86400, "ns1.example.com"));
    assertThat(message.additionals())
        .containsExactly(new DnsRecord(".", 41, 1232, 0x8000, "COOKIE=0000000000000000"));
    assertThat(message.answerAddresses()).containsExactly("192.0.2.1", "192.0.2.2");
  }

  @Test
  void query() {
    DnsMessage message = parse(DnsBytes.typicalQuery());

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.response()).isFalse();
    assertThat(message.transactionId()).isEqualTo(0xBEEF);
    assertThat(message.questionCount()).isOne();
    assertThat(message.additionalCount()).isOne();
    assertThat(message.answers()).isEmpty();
    assertThat(message.authorities()).isEmpty();
    assertThat(message.additionals()).containsExactly(new DnsRecord(".", 41, 1232, 0, ""));
    assertThat(message.answerAddresses()).isEmpty();
    assertThat(message.length()).isEqualTo(DnsBytes.typicalQuery().length);
  }

  @Test
  void headerFlags() {
    // QR, opcode 2 (STATUS), AA, TC, RD / RA, Z, AD, CD, rcode 3
    DnsMessage all = parse(header(7, 0x97FF, 0, 0, 0, 0));
    assertThat(all.response()).isTrue();
    assertThat(all.opcode()).isEqualTo(2);
    assertThat(all.authoritative()).isTrue();
    assertThat(all.truncated()).isTrue();
    assertThat(all.recursionDesired()).isTrue();
    assertThat(all.recursionAvailable()).isTrue();
    assertThat(all.authenticData()).isTrue();
    assertThat(all.checkingDisabled()).isTrue();
    assertThat(all.rcode()).isEqualTo(15);
    assertThat(all.rcodeName()).isEqualTo("RCODE15");

    DnsMessage none = parse(header(0, 0x2803, 0, 0, 0, 0)); // opcode 5 (UPDATE), NXDOMAIN
    assertThat(none.response()).isFalse();
    assertThat(none.opcode()).isEqualTo(5);
    assertThat(none.authoritative()).isFalse();
    assertThat(none.truncated()).isFalse();
    assertThat(none.recursionDesired()).isFalse();
    assertThat(none.recursionAvailable()).isFalse();
    assertThat(none.authenticData()).isFalse();
    assertThat(none.checkingDisabled()).isFalse();
    assertThat(none.rcode()).isEqualTo(3);
    assertThat(none.rcodeName()).isEqualTo("NXDOMAIN");
    assertThat(none.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(none.queryName()).isNull();
    assertThat(none.queryNameNormalized()).isNull();
    assertThat(none.queryType()).isEqualTo(-1);
    assertThat(none.queryTypeName()).isNull();
    assertThat(none.queryClass()).isEqualTo(-1);
  }

  @Test
  void headerCountsAsSent() {
    DnsMessage message = parse(concat(header(1, RESPONSE, 1, 2, 3, 4), QUESTION));
    assertThat(message.questionCount()).isEqualTo(1);
    assertThat(message.answerCount()).isEqualTo(2);
    assertThat(message.authorityCount()).isEqualTo(3);
    assertThat(message.additionalCount()).isEqualTo(4);
    assertThat(message.status()).isEqualTo(DnsParseStatus.TRUNCATED);
  }

  @Test
  void addresses() {
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 1, IN, 1, hex("c6336402")),
            record(pointer(12), 28, IN, 2, hex("20010db8000000000000000000000001")),
            record(pointer(12), 28, IN, 3, hex("00000000000000000000ffffc0000201")),
            record(pointer(12), 28, IN, 4, hex("fe800000000000005a1faafffe4f3f9d")));

    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly(
            "198.51.100.2", "2001:db8::1", "::ffff:192.0.2.1", "fe80::5a1f:aaff:fe4f:3f9d");
    assertThat(message.answerAddresses())
        .containsExactly(
            "198.51.100.2", "2001:db8::1", "::ffff:192.0.2.1", "fe80::5a1f:aaff:fe4f:3f9d");
    assertThat(message.answers()).extracting(DnsRecord::typeName).containsOnly("A", "AAAA");
  }

  @Test
  void answerAddressesOnlyFromTheAnswerSection() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 2, 0, 1),
                QUESTION,
                record(pointer(12), 5, IN, 1, pointer(12)),
                record(pointer(12), 1, IN, 1, hex("c0000201")),
                record(pointer(12), 1, IN, 1, hex("c0000202"))));

    assertThat(message.answerAddresses()).containsExactly("192.0.2.1");
  }

  @Test
  void namesInRecordData() {
    byte[] target = concat(labels("host"), pointer(12));
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 2, IN, 0, target), // NS
            record(pointer(12), 3, IN, 0, target), // MD
            record(pointer(12), 4, IN, 0, target), // MF
            record(pointer(12), 5, IN, 0, target), // CNAME
            record(pointer(12), 7, IN, 0, target), // MB
            record(pointer(12), 8, IN, 0, target), // MG
            record(pointer(12), 9, IN, 0, target), // MR
            record(pointer(12), 12, IN, 0, name("host.example.net")), // PTR
            record(pointer(12), 39, IN, 0, target)); // DNAME

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.answers())
        .extracting(DnsRecord::typeName)
        .containsExactly("NS", "MD", "MF", "CNAME", "MB", "MG", "MR", "PTR", "DNAME");
    assertThat(message.answers().subList(0, 7))
        .extracting(DnsRecord::data)
        .containsOnly("host.example.com");
    assertThat(message.answers().get(7).data()).isEqualTo("host.example.net");
    assertThat(message.answers().get(8).data()).isEqualTo("host.example.com");
  }

  @Test
  void mailExchangeServiceAndStartOfAuthority() {
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 15, IN, 0, concat(uint16(10), labels("mail"), pointer(12))),
            record(
                pointer(12),
                33,
                IN,
                0,
                concat(uint16(0), uint16(5), uint16(5060), name("sip.example.com"))),
            record(
                pointer(12),
                6,
                IN,
                3600,
                concat(
                    labels("ns1"),
                    pointer(12),
                    labels("hostmaster"),
                    pointer(12),
                    uint32(2024010101L),
                    uint32(7200),
                    uint32(3600),
                    uint32(1209600),
                    uint32(0xFFFF_FFFFL))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly(
            "10 mail.example.com",
            "0 5 5060 sip.example.com",
            "ns1.example.com hostmaster.example.com 2024010101 7200 3600 1209600 4294967295");
  }

  @Test
  void text() {
    byte[] quoteAndBackslash = "say \"hi\" \\o/".getBytes(StandardCharsets.US_ASCII);
    DnsMessage message =
        parseAnswers(
            record(
                pointer(12),
                16,
                IN,
                0,
                characterStrings(
                    "v=spf1 -all".getBytes(StandardCharsets.US_ASCII),
                    quoteAndBackslash,
                    new byte[] {0, 9, 0x7F, (byte) 0xC3, (byte) 0xA9},
                    new byte[0])),
            record(pointer(12), 16, IN, 0, new byte[0]));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly(
            "\"v=spf1 -all\" \"say \\\"hi\\\" \\\\o/\" \"\\000\\009\\127\\195\\169\" \"\"", "");
  }

  @Test
  void ednsOptions() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 0, 0, 1),
                QUESTION,
                record(
                    name("."),
                    41,
                    4096,
                    0x0100_8000L, // extended rcode 1, version 0, DO
                    concat(
                        option(3, "ns1".getBytes(StandardCharsets.US_ASCII)),
                        option(8, hex("0001 18 00 c00002")),
                        option(65001, new byte[0])))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    DnsRecord opt = message.additionals().get(0);
    assertThat(opt.name()).isEqualTo(".");
    assertThat(opt.typeName()).isEqualTo("OPT");
    assertThat(opt.recordClass()).isEqualTo(4096);
    assertThat(opt.ttl()).isEqualTo(0x0100_8000L);
    assertThat(opt.data()).isEqualTo("NSID=6E7331 ECS=00011800C00002 OPTION65001=");
  }

  @Test
  void ednsOptionsShownUpToTheHexBound() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 0, 0, 1),
                QUESTION,
                record(
                    name("."),
                    41,
                    4096,
                    0,
                    concat(
                        option(12, new byte[DnsParser.MAX_HEX_BYTES - 1]),
                        option(10, new byte[2]),
                        option(3, new byte[1])))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.additionals().get(0).data())
        .isEqualTo("PADDING=" + "00".repeat(DnsParser.MAX_HEX_BYTES - 1) + " COOKIE=00...");
  }

  @Test
  void otherTypesInTheGenericForm() {
    byte[] big = new byte[DnsParser.MAX_HEX_BYTES + 1];
    Arrays.fill(big, (byte) 0xAB);
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 65280, IN, 0, hex("0a000001ff")),
            record(pointer(12), 46, IN, 0, big),
            record(pointer(12), 257, IN, 0, new byte[0]));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly(
            "\\# 5 0A000001FF", "\\# 257 " + "AB".repeat(DnsParser.MAX_HEX_BYTES) + "...", "\\# 0");
    assertThat(message.answers())
        .extracting(DnsRecord::typeName)
        .containsExactly("TYPE65280", "RRSIG", "CAA");
  }

  @Test
  void dataOfTheWrongShapeInTheGenericFormAndTheRecordsAfterItRead() {
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 1, IN, 0, hex("c000020101")), // A of 5 bytes
            record(pointer(12), 1, IN, 0, hex("c0000202")));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_RECORD);
    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly("\\# 5 C000020101", "192.0.2.2");
    assertThat(message.answerAddresses()).containsExactly("192.0.2.2");
  }

  @Test
  void dataShapes() {
    assertMalformedData(28, hex("20010db8"));
    assertMalformedData(5, concat(name("a.example"), new byte[] {0})); // a byte after the name
    assertMalformedData(5, labels("a.example")); // the name runs past the data
    assertMalformedData(15, hex("00")); // MX without its preference
    assertMalformedData(33, hex("0000 0000 00")); // SRV without its port
    assertMalformedData(6, concat(name("a"), name("b"), new byte[19])); // SOA a byte short
    assertMalformedData(16, hex("05 6869")); // TXT string past the data
    assertMalformedData(41, hex("000a 0008 0000")); // OPT option past the data
    assertMalformedData(41, hex("00")); // OPT option header cut
  }

  private static void assertMalformedData(int type, byte[] data) {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 1, 0, 0), QUESTION, record(pointer(12), type, IN, 0, data)));
    assertThat(message.status()).as("type %s", type).isEqualTo(DnsParseStatus.MALFORMED_RECORD);
    assertThat(message.answers()).as("type %s", type).hasSize(1);
    assertThat(message.answers().get(0).data()).as("type %s", type).startsWith("\\# ");
  }

  @Test
  void rootName() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 1, 0, 0),
                question(name("."), 2, IN),
                record(name("."), 2, IN, 518400, name("a.root-servers.net"))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.queryName()).isEqualTo(".");
    assertThat(message.queryNameNormalized()).isEqualTo(".");
    assertThat(message.answers())
        .containsExactly(new DnsRecord(".", 2, IN, 518400, "a.root-servers.net"));
  }

  @Test
  void escapedNames() {
    byte[] name =
        concat(
            label("a.b".getBytes(StandardCharsets.US_ASCII)),
            label("back\\slash".getBytes(StandardCharsets.US_ASCII)),
            label(new byte[] {' ', 0, (byte) 0xFF, '"', '(', '@', '~', 0x7F}),
            label("Caf\u00e9".getBytes(StandardCharsets.UTF_8)),
            label("\u5c0f\u4f5b\ud83d\ude00".getBytes(StandardCharsets.UTF_8)),
            // A lead byte cut by the label's end, an overlong '/', a C1 control, a surrogate.
            label(new byte[] {'x', (byte) 0xC3}),
            label(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xC2, (byte) 0x85}),
            label(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
            new byte[] {0});
    DnsMessage message = parse(concat(header(1, QUERY, 1, 0, 0, 0), question(name, 12, IN)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    String rest = ".\u5c0f\u4f5b\ud83d\ude00.x\\195.\\192\\175\\194\\133.\\237\\160\\128";
    assertThat(message.queryName())
        .isEqualTo("a\\.b.back\\\\slash. \\000\\255\"(@~\\127.Caf\u00e9" + rest);
    assertThat(message.queryNameNormalized())
        .isEqualTo("a\\.b.back\\\\slash. \\000\\255\"(@~\\127.caf\u00e9" + rest);
  }

  @Test
  void caseKeptAndNormalized() {
    DnsMessage message =
        parse(concat(header(1, QUERY, 1, 0, 0, 0), question(name("WwW.ExAmPlE.CoM"), 1, IN)));

    assertThat(message.queryName()).isEqualTo("WwW.ExAmPlE.CoM");
    assertThat(message.queryNameNormalized()).isEqualTo("www.example.com");
  }

  @Test
  void multicastDnsUnicastResponseAndCacheFlushBits() {
    DnsMessage query =
        parse(
            concat(
                header(0, 0, 2, 0, 0, 0),
                question(name("_googlecast._tcp.local"), 12, 0x8001),
                question(name("printer.local"), 28, IN)));
    assertThat(query.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(query.queryName()).isEqualTo("_googlecast._tcp.local");
    assertThat(query.queryType()).isEqualTo(12);
    assertThat(query.queryClass()).isEqualTo(0x8001);

    DnsMessage announcement =
        parse(
            concat(
                header(0, 0x8400, 0, 1, 0, 0),
                record(name("printer.local"), 1, 0x8001, 120, hex("c0a80002"))));
    assertThat(announcement.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(announcement.queryName()).isNull();
    assertThat(announcement.authoritative()).isTrue();
    assertThat(announcement.answers())
        .containsExactly(new DnsRecord("printer.local", 1, 0x8001, 120, "192.168.0.2"));
    assertThat(announcement.answerAddresses()).containsExactly("192.168.0.2");
  }

  @Test
  void longestNamesAndLabels() {
    byte[] longestLabel = new byte[DnsParser.MAX_LABEL_LENGTH];
    Arrays.fill(longestLabel, (byte) 'x');
    byte[] labels127 = new byte[2 * DnsParser.MAX_LABELS];
    for (int index = 0; index < labels127.length; index += 2) {
      labels127[index] = 1;
      labels127[index + 1] = 'a';
    }
    DnsMessage message =
        parse(
            concat(
                header(1, QUERY, 2, 0, 0, 0),
                question(concat(label(longestLabel), new byte[] {0}), 1, IN),
                question(concat(labels127, new byte[] {0}), 1, IN)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.queryName()).isEqualTo("x".repeat(DnsParser.MAX_LABEL_LENGTH));
  }

  @Test
  void pointersIntoEarlierRecordData() {
    // The CNAME's data at 41 holds the name the A record's owner points to.
    DnsMessage message =
        parseAnswers(
            record(pointer(12), 5, IN, 0, concat(labels("edge"), pointer(12))),
            record(pointer(41), 1, IN, 0, hex("c0000201")));

    assertThat(message.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(message.answers())
        .containsExactly(
            new DnsRecord("example.com", 5, IN, 0, "edge.example.com"),
            new DnsRecord("edge.example.com", 1, IN, 0, "192.0.2.1"));
  }

  @Test
  void unsignedTimeToLive() {
    DnsMessage message = parseAnswers(record(pointer(12), 1, IN, 0xFFFF_FFFFL, hex("c0000201")));
    assertThat(message.answers().get(0).ttl()).isEqualTo(4294967295L);
  }

  @Test
  void messageInsideALargerArray() {
    byte[] message = DnsBytes.typicalResponse();
    byte[] carried = concat(new byte[] {0, (byte) message.length}, message, hex("deadbeef"));

    DnsMessage inside = DnsParser.parse(carried, 2, message.length);

    assertThat(inside).isEqualTo(parse(message));
    assertThat(carried)
        .isEqualTo(concat(new byte[] {0, (byte) message.length}, message, hex("deadbeef")));
  }

  @Test
  void argumentsChecked() {
    assertThatThrownBy(() -> DnsParser.parse(null, 0, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("data is null");
    assertThatThrownBy(() -> DnsParser.parse(new byte[12], 1, 12))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> DnsParser.parse(new byte[12], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> DnsParser.parse(new byte[12], 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void sectionsAreImmutable() {
    DnsMessage message = parse(DnsBytes.typicalResponse());
    assertThatThrownBy(() -> message.answers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void typeNames() {
    assertThat(
            List.of(1, 2, 5, 6, 12, 15, 16, 28, 33, 35, 41, 43, 46, 47, 48, 50, 64, 65, 257, 255))
        .extracting(DnsNames::typeName)
        .containsExactly(
            "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "NAPTR", "OPT", "DS",
            "RRSIG", "NSEC", "DNSKEY", "NSEC3", "SVCB", "HTTPS", "CAA", "ANY");
    assertThat(DnsNames.typeName(252)).isEqualTo("AXFR");
    assertThat(DnsNames.typeName(251)).isEqualTo("IXFR");
    assertThat(DnsNames.typeName(0)).isEqualTo("TYPE0");
    assertThat(DnsNames.typeName(65535)).isEqualTo("TYPE65535");
    assertThat(DnsNames.typeName(-1)).isNull();
    assertThat(DnsNames.typeName(65536)).isNull();
  }

  @Test
  void responseCodeNames() {
    assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
        .extracting(DnsNames::rcodeName)
        .containsExactly(
            "NOERROR",
            "FORMERR",
            "SERVFAIL",
            "NXDOMAIN",
            "NOTIMP",
            "REFUSED",
            "YXDOMAIN",
            "YXRRSET",
            "NXRRSET",
            "NOTAUTH",
            "NOTZONE");
    assertThat(DnsNames.rcodeName(12)).isEqualTo("RCODE12");
    assertThat(DnsNames.rcodeName(16)).isEqualTo("BADVERS");
    assertThat(DnsNames.rcodeName(-1)).isNull();
  }

  @Test
  void ednsOptionNames() {
    assertThat(DnsNames.ednsOptionName(8)).isEqualTo("ECS");
    assertThat(DnsNames.ednsOptionName(15)).isEqualTo("EDE");
    assertThat(DnsNames.ednsOptionName(4242)).isEqualTo("OPTION4242");
    assertThat(DnsNames.ednsOptionName(-1)).isNull();
  }

  private static DnsMessage parseAnswers(byte[]... answers) {
    return parse(concat(header(1, RESPONSE, 1, answers.length, 0, 0), QUESTION, concat(answers)));
  }

  static DnsMessage parse(byte[] message) {
    return DnsParser.parse(message, 0, message.length);
  }
}
