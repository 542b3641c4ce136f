package io.packetlake.pcap.app.dns;

import static io.packetlake.pcap.app.dns.DnsBytes.IN;
import static io.packetlake.pcap.app.dns.DnsBytes.QUERY;
import static io.packetlake.pcap.app.dns.DnsBytes.RESPONSE;
import static io.packetlake.pcap.app.dns.DnsBytes.header;
import static io.packetlake.pcap.app.dns.DnsBytes.label;
import static io.packetlake.pcap.app.dns.DnsBytes.labels;
import static io.packetlake.pcap.app.dns.DnsBytes.name;
import static io.packetlake.pcap.app.dns.DnsBytes.pointer;
import static io.packetlake.pcap.app.dns.DnsBytes.question;
import static io.packetlake.pcap.app.dns.DnsBytes.record;
import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.uint16;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DnsParser} on messages built to break it: every one gives a status, never an exception,
 * and is parsed in bounded time and space ({@link DnsInvariants}).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
final class TestDnsParserHostile {
  private static final byte[] QUESTION = question(name("example.com"), 1, IN); // name at 12

  @Test
  void shorterThanAHeader() {
    for (int length = 0; length < DnsParser.HEADER_LENGTH; length++) {
      DnsMessage message = parse(Arrays.copyOf(DnsBytes.typicalResponse(), length));
      assertThat(message.status()).isEqualTo(DnsParseStatus.TRUNCATED);
      assertThat(message.hasHeader()).isFalse();
      assertThat(message.length()).isEqualTo(length);
      assertThat(message.transactionId()).isEqualTo(-1);
      assertThat(message.opcode()).isEqualTo(-1);
      assertThat(message.rcode()).isEqualTo(-1);
      assertThat(message.rcodeName()).isNull();
      assertThat(message.response()).isFalse();
      assertThat(message.answerCount()).isEqualTo(-1);
      assertThat(message.queryName()).isNull();
      assertThat(message.queryType()).isEqualTo(-1);
      assertThat(message.answers()).isEmpty();
      assertThat(message.answerAddresses()).isEmpty();
    }
  }

  @Test
  void largestCountsInAHeaderAlone() {
    DnsMessage message = parse(header(1, RESPONSE, 65535, 65535, 65535, 65535));

    assertThat(message.status()).isEqualTo(DnsParseStatus.TRUNCATED);
    assertThat(message.hasHeader()).isTrue();
    assertThat(message.questionCount()).isEqualTo(65535);
    assertThat(message.additionalCount()).isEqualTo(65535);
    assertThat(message.queryName()).isNull();
    assertThat(message.answers()).isEmpty();
  }

  @Test
  void pointerToItself() {
    DnsMessage message = parse(concat(header(1, QUERY, 1, 0, 0, 0), pointer(12), uint16(1)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
    assertThat(message.queryName()).isNull();
    assertThat(message.transactionId()).isEqualTo(1);
  }

  @Test
  void pointerLoop() {
    // The second record's owner at 25 points back to 23, the first record's data, which points
    // forward to 25 again.
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 0, 2, 0, 0),
                record(name("."), 65280, IN, 0, pointer(25)),
                record(pointer(23), 1, IN, 0, hex("c0000201"))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
    assertThat(message.answers()).hasSize(1);
    assertThat(message.answers().get(0).data()).isEqualTo("\\# 2 C019");
  }

  @Test
  void forwardPointer() {
    // The question's name points to a well-formed name after it.
    DnsMessage message =
        parse(concat(header(1, QUERY, 1, 0, 0, 0), pointer(18), uint16(1), uint16(1), name("a")));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
    assertThat(message.queryName()).isNull();
  }

  @Test
  void pointerPastTheEnd() {
    DnsMessage message =
        parse(concat(header(1, QUERY, 1, 0, 0, 0), labels("www"), pointer(0x3FFF), uint16(1)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
  }

  @Test
  void pointerIntoTheSameName() {
    // "a.b" at 12, then a pointer to its own "b" at 14: not before the sequence's start.
    DnsMessage message =
        parse(concat(header(1, QUERY, 1, 0, 0, 0), labels("a.b"), pointer(14), uint16(1)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
  }

  @Test
  void labelTypesOtherThanLengthAndPointer() {
    byte[] long64 = concat(new byte[] {64}, new byte[64], new byte[] {0});
    byte[] extended = concat(new byte[] {(byte) 0x41, 0}, new byte[] {0});
    byte[] reserved = concat(new byte[] {(byte) 0x80, 0});
    for (byte[] name : List.of(long64, extended, reserved)) {
      DnsMessage message = parse(concat(header(1, QUERY, 1, 0, 0, 0), question(name, 1, IN)));
      assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
      assertThat(message.queryName()).isNull();
    }
  }

  @Test
  void moreThan127Labels() {
    byte[] labels = new byte[2 * (DnsParser.MAX_LABELS + 1)];
    for (int index = 0; index < labels.length; index += 2) {
      labels[index] = 1;
      labels[index + 1] = 'a';
    }
    DnsMessage message =
        parse(
            concat(header(1, QUERY, 1, 0, 0, 0), question(concat(labels, new byte[] {0}), 1, IN)));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
  }

  @Test
  void nameLongerThan255BytesThroughPointers() {
    // Four 63-byte labels, each sequence ending in a pointer to the one before: the fourth name
    // is 4 * 64 + 1 = 257 bytes long; the third, 193, is fine.
    byte[] label = label(new byte[63]);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int dataStart = 29 + 12; // after the question and the record's fixed fields
    int[] starts = new int[4];
    for (int index = 0; index < 4; index++) {
      starts[index] = dataStart + data.size();
      data.writeBytes(label);
      data.writeBytes(index == 0 ? new byte[] {0} : pointer(starts[index - 1]));
    }
    byte[] carrier = record(pointer(12), 65280, IN, 0, data.toByteArray());
    DnsMessage fine =
        parse(
            concat(
                header(1, RESPONSE, 1, 2, 0, 0),
                QUESTION,
                carrier,
                record(pointer(starts[2]), 1, IN, 0, hex("c0000201"))));
    DnsMessage tooLong =
        parse(
            concat(
                header(1, RESPONSE, 1, 2, 0, 0),
                QUESTION,
                carrier,
                record(pointer(starts[3]), 1, IN, 0, hex("c0000201"))));

    assertThat(fine.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(fine.answers().get(1).name())
        .isEqualTo(String.join(".", "\\000".repeat(63), "\\000".repeat(63), "\\000".repeat(63)));
    assertThat(tooLong.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
    assertThat(tooLong.answers()).hasSize(1);
  }

  @Test
  void tooManyPointers() {
    assertThat(pointerChain(DnsParser.MAX_POINTERS - 1).status()).isEqualTo(DnsParseStatus.OK);
    assertThat(pointerChain(DnsParser.MAX_POINTERS - 1).answers().get(1).name())
        .isEqualTo("example.com");
    assertThat(pointerChain(DnsParser.MAX_POINTERS).status())
        .isEqualTo(DnsParseStatus.MALFORMED_NAME);
  }

  /**
   * A record whose data holds {@code links} pointers, each to the one before and the first to the
   * question's name, and a record whose owner points to the last: {@code links + 1} pointers.
   */
  private static DnsMessage pointerChain(int links) {
    int dataStart = 29 + 12;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(pointer(12));
    for (int index = 1; index < links; index++) {
      data.writeBytes(pointer(dataStart + 2 * (index - 1)));
    }
    return parse(
        concat(
            header(1, RESPONSE, 1, 2, 0, 0),
            QUESTION,
            record(pointer(12), 65280, IN, 0, data.toByteArray()),
            record(pointer(dataStart + 2 * (links - 1)), 1, IN, 0, hex("c0000201"))));
  }

  @Test
  void dataLengthPastTheEnd() {
    byte[] message =
        concat(
            header(1, RESPONSE, 1, 2, 0, 0),
            QUESTION,
            record(pointer(12), 1, IN, 0, hex("c0000201")),
            pointer(12),
            uint16(1),
            uint16(IN),
            DnsBytes.uint32(0),
            uint16(5),
            hex("c00002"));

    DnsMessage parsed = parse(message);

    assertThat(parsed.status()).isEqualTo(DnsParseStatus.MALFORMED_RECORD);
    assertThat(parsed.answers()).extracting(DnsRecord::data).containsExactly("192.0.2.1");
    assertThat(parsed.queryName()).isEqualTo("example.com");
  }

  @Test
  void sectionEndsEarly() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 3, 1, 0),
                QUESTION,
                record(pointer(12), 1, IN, 0, hex("c0000201"))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.TRUNCATED);
    assertThat(message.answers()).hasSize(1);
    assertThat(message.authorities()).isEmpty();
  }

  @Test
  void cutInsideARecordsFixedFields() {
    byte[] whole =
        concat(
            header(1, RESPONSE, 1, 1, 0, 0),
            QUESTION,
            record(pointer(12), 1, IN, 0, hex("c0000201")));
    DnsMessage message = parse(Arrays.copyOf(whole, whole.length - 7));

    assertThat(message.status()).isEqualTo(DnsParseStatus.TRUNCATED);
    assertThat(message.answers()).isEmpty();
  }

  @Test
  void questionCutAfterItsName() {
    byte[] message = concat(header(1, QUERY, 1, 0, 0, 0), name("example.com"), uint16(1));

    DnsMessage parsed = parse(message);

    assertThat(parsed.status()).isEqualTo(DnsParseStatus.TRUNCATED);
    assertThat(parsed.queryName()).isEqualTo("example.com");
    assertThat(parsed.queryType()).isEqualTo(-1);
    assertThat(parsed.queryClass()).isEqualTo(-1);
  }

  @Test
  void nameCutByTheEnd() {
    byte[] message = concat(header(1, QUERY, 1, 0, 0, 0), hex("07 6578616d"));

    assertThat(parse(message).status()).isEqualTo(DnsParseStatus.TRUNCATED);
    assertThat(parse(concat(header(1, QUERY, 1, 0, 0, 0), hex("c0"))).status())
        .isEqualTo(DnsParseStatus.TRUNCATED);
  }

  @Test
  void badNameInRecordDataCostsOnlyThatRecord() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 2, 0, 0),
                QUESTION,
                record(pointer(12), 5, IN, 0, pointer(0x3000)),
                record(pointer(12), 1, IN, 0, hex("c0000201"))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_NAME);
    assertThat(message.answers())
        .extracting(DnsRecord::data)
        .containsExactly("\\# 2 F000", "192.0.2.1");
  }

  @Test
  void firstProblemWins() {
    DnsMessage message =
        parse(
            concat(
                header(1, RESPONSE, 1, 3, 0, 0),
                QUESTION,
                record(pointer(12), 28, IN, 0, hex("c0000201")),
                record(pointer(12), 1, IN, 0, hex("c0000201"))));

    assertThat(message.status()).isEqualTo(DnsParseStatus.MALFORMED_RECORD);
    assertThat(message.answers()).hasSize(2);
  }

  @Test
  void prefixesGivePrefixesOfTheRecords() {
    byte[] whole = DnsBytes.typicalResponse();
    DnsMessage complete = parse(whole);
    for (int length = 0; length <= whole.length; length++) {
      DnsMessage prefix = parse(Arrays.copyOf(whole, length));
      DnsInvariants.check(prefix, length, "prefix of " + length);
      DnsInvariants.checkPrefix(prefix, complete, "prefix of " + length);
      if (length < whole.length) {
        assertThat(prefix.status()).as("prefix of %s", length).isNotEqualTo(DnsParseStatus.OK);
      }
    }
  }

  @Test
  void everyByteOfAResponseChanged() {
    // Lengths and counts at their edges, and the label types of every kind.
    int[] values = {0, 1, 2, 5, 11, 12, 0x3F, 0x40, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xFE, 0xFF};
    byte[] whole = DnsBytes.typicalResponse();
    for (int index = 0; index < whole.length; index++) {
      for (int value : values) {
        byte[] changed = whole.clone();
        changed[index] = (byte) value;
        DnsInvariants.check(parse(changed), changed.length, "byte " + index + " = " + value);
      }
    }
  }

  @Test
  void randomBytes() {
    Random random = new Random(20240101);
    byte[] large = new byte[65535];
    random.nextBytes(large);
    DnsInvariants.check(parse(large), large.length, "65535 random bytes");
    for (int round = 0; round < 5_000; round++) {
      byte[] message = new byte[random.nextInt(600)];
      random.nextBytes(message);
      if (message.length >= DnsParser.HEADER_LENGTH) {
        // Small counts, so that the parse goes past the header more often.
        for (int count = 4; count < DnsParser.HEADER_LENGTH; count += 2) {
          message[count] = 0;
          message[count + 1] &= 0x07;
        }
      }
      DnsInvariants.check(parse(message), message.length, "random message " + round);
    }
  }

  @Test
  void compressionBombStaysWithinTheTextBound() {
    // The longest name there is, of bytes each written as \DDD, and then as many records as fit
    // whose owner and data point to it.
    byte[] longestLabel = new byte[63];
    Arrays.fill(longestLabel, (byte) 0xFF);
    byte[] lastLabel = Arrays.copyOf(longestLabel, 61);
    byte[] name =
        concat(label(longestLabel), label(longestLabel), label(longestLabel), label(lastLabel));
    byte[] question = question(concat(name, new byte[] {0}), 5, IN);
    byte[] bomb = record(pointer(12), 5, IN, 0, pointer(12));
    int records = (65535 - DnsParser.HEADER_LENGTH - question.length) / bomb.length;
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(header(1, RESPONSE, 1, records, 0, 0));
    message.writeBytes(question);
    for (int index = 0; index < records; index++) {
      message.writeBytes(bomb);
    }
    byte[] bytes = message.toByteArray();

    DnsMessage parsed = parse(bytes);

    assertThat(parsed.status()).isEqualTo(DnsParseStatus.OK);
    assertThat(parsed.queryName()).hasSize(1003);
    assertThat(parsed.answers()).hasSize(records);
    DnsInvariants.check(parsed, bytes.length, "compression bomb");
  }

  private static DnsMessage parse(byte[] message) {
    DnsMessage parsed = DnsParser.parse(message, 0, message.length);
    DnsInvariants.check(parsed, message.length, "message of " + message.length + " bytes");
    return parsed;
  }
}
