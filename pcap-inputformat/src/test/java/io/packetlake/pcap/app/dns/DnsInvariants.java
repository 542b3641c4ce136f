package io.packetlake.pcap.app.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * What every {@link DnsMessage} must satisfy whatever the bytes: fields in range, sections within
 * the header's counts, and lists and text bounded by the message's length.
 */
final class DnsInvariants {
  /**
   * Characters of text per message byte: a 14-byte record (a 2-byte pointer as owner, a CNAME's
   * 2-byte pointer as data) can stand for two names of 1,003 characters each.
   */
  static final long CHARACTERS_PER_BYTE = 150;

  /** Characters of text besides: the first question's name of at most 1,003 characters. */
  static final long CHARACTERS_BESIDES = 1024;

  /** The fewest bytes a record takes: a root name and the 10 bytes of fixed fields. */
  static final int SMALLEST_RECORD = 11;

  private DnsInvariants() {}

  static void check(DnsMessage message, int length, String description) {
    assertThat(message.status()).as(description).isNotNull();
    assertThat(message.length()).as(description).isEqualTo(length);
    assertThat(message.hasHeader()).as(description).isEqualTo(length >= DnsParser.HEADER_LENGTH);
    if (!message.hasHeader()) {
      assertThat(message.status()).as(description).isEqualTo(DnsParseStatus.TRUNCATED);
      assertThat(message.transactionId()).as(description).isEqualTo(-1);
      assertThat(message.questionCount()).as(description).isEqualTo(-1);
      assertThat(message.queryName()).as(description).isNull();
      assertThat(records(message)).as(description).isZero();
      return;
    }
    assertThat(message.transactionId()).as(description).isBetween(0, 0xFFFF);
    assertThat(message.opcode()).as(description).isBetween(0, 15);
    assertThat(message.rcode()).as(description).isBetween(0, 15);
    assertThat(message.rcodeName()).as(description).isNotNull();
    assertThat(message.queryType()).as(description).isBetween(-1, 0xFFFF);
    assertThat(message.queryClass()).as(description).isBetween(-1, 0xFFFF);
    assertThat(message.queryType() >= 0).as(description).isEqualTo(message.queryClass() >= 0);
    if (message.queryType() >= 0) {
      assertThat(message.queryName()).as(description).isNotNull();
    }
    if (message.queryName() != null) {
      assertThat(message.questionCount()).as(description).isPositive();
      checkName(message.queryName(), description);
      assertThat(message.queryNameNormalized()).as(description).hasSameSizeAs(message.queryName());
    }
    checkSection(message.answers(), message.answerCount(), description);
    checkSection(message.authorities(), message.authorityCount(), description);
    checkSection(message.additionals(), message.additionalCount(), description);
    assertThat(records(message))
        .as("records of %s", description)
        .isLessThanOrEqualTo((length - DnsParser.HEADER_LENGTH) / SMALLEST_RECORD);
    assertThat(renderedCharacters(message))
        .as("text of %s", description)
        .isLessThanOrEqualTo(CHARACTERS_PER_BYTE * length + CHARACTERS_BESIDES);
    assertThat(message.answerAddresses().size())
        .as(description)
        .isLessThanOrEqualTo(message.answers().size());
    if (message.status() == DnsParseStatus.OK) {
      assertThat(message.answers()).as(description).hasSize(message.answerCount());
      assertThat(message.authorities()).as(description).hasSize(message.authorityCount());
      assertThat(message.additionals()).as(description).hasSize(message.additionalCount());
      assertThat(message.queryType() >= 0).as(description).isEqualTo(message.questionCount() > 0);
    }
  }

  private static void checkSection(List<DnsRecord> records, int count, String description) {
    assertThat(count).as(description).isBetween(0, 0xFFFF);
    assertThat(records.size()).as(description).isLessThanOrEqualTo(count);
    for (DnsRecord record : records) {
      checkName(record.name(), description);
      assertThat(record.type()).as(description).isBetween(0, 0xFFFF);
      assertThat(record.recordClass()).as(description).isBetween(0, 0xFFFF);
      assertThat(record.ttl()).as(description).isBetween(0L, 0xFFFF_FFFFL);
      assertThat(record.data()).as(description).isNotNull();
      assertThat(record.typeName()).as(description).isNotNull();
    }
  }

  private static void checkName(String name, String description) {
    assertThat(name).as(description).isNotEmpty();
    // Printable ASCII (space included), or a character of well-formed UTF-8 past the C1 controls:
    // never a control or half a surrogate pair.
    assertThat(
            name.codePoints()
                .allMatch(
                    c ->
                        (c >= 0x20 && c <= 0x7E)
                            || (c >= 0xA0 && !(c >= 0xD800 && c <= 0xDFFF) && c <= 0x10FFFF)))
        .as("printable name %s of %s", name, description)
        .isTrue();
  }

  /**
   * The records of a message's prefix are a prefix of the message's records: pointers only point
   * backwards, so a record whose bytes all lie in the prefix reads the same in both.
   */
  static void checkPrefix(DnsMessage prefix, DnsMessage whole, String description) {
    checkSectionPrefix(prefix.answers(), whole.answers(), "answers of " + description);
    checkSectionPrefix(prefix.authorities(), whole.authorities(), "authorities of " + description);
    checkSectionPrefix(prefix.additionals(), whole.additionals(), "additionals of " + description);
    if (prefix.hasHeader()) {
      assertThat(prefix.transactionId()).as(description).isEqualTo(whole.transactionId());
      assertThat(prefix.answerCount()).as(description).isEqualTo(whole.answerCount());
    }
    if (prefix.queryType() >= 0) {
      assertThat(prefix.queryName()).as(description).isEqualTo(whole.queryName());
      assertThat(prefix.queryType()).as(description).isEqualTo(whole.queryType());
    }
  }

  private static void checkSectionPrefix(
      List<DnsRecord> prefix, List<DnsRecord> whole, String description) {
    assertThat(prefix.size()).as(description).isLessThanOrEqualTo(whole.size());
    assertThat(prefix).as(description).isEqualTo(whole.subList(0, prefix.size()));
  }

  static int records(DnsMessage message) {
    return message.answers().size() + message.authorities().size() + message.additionals().size();
  }

  static long renderedCharacters(DnsMessage message) {
    long characters = message.queryName() == null ? 0 : message.queryName().length();
    for (List<DnsRecord> section :
        List.of(message.answers(), message.authorities(), message.additionals())) {
      for (DnsRecord record : section) {
        characters += record.name().length() + (record.data() == null ? 0 : record.data().length());
      }
    }
    return characters;
  }
}
