package io.packetlake.pcap.app.dns;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One DNS message as {@link DnsParser} reads it (RFC 1035 section 4.1). Absent values use
 * sentinels: -1 for numbers, false for flags, null for the query name, empty lists for sections.
 *
 * @param status the first problem met, or {@link DnsParseStatus#OK}
 * @param length the message bytes given to the parser
 * @param hasHeader false when fewer than 12 bytes were given: then every header field is -1 or
 *     false
 * @param transactionId the ID field, 0 to 65535
 * @param response the QR bit
 * @param opcode the 4-bit OPCODE (0 QUERY, 4 NOTIFY, 5 UPDATE)
 * @param rcode the header's 4-bit RCODE (the upper bits of an EDNS extended code stay in the OPT
 *     record's TTL)
 * @param authoritative the AA bit
 * @param truncated the TC bit: the sender cut the message, which says nothing about how much of it
 *     was captured
 * @param recursionDesired the RD bit
 * @param recursionAvailable the RA bit
 * @param authenticData the AD bit (RFC 4035)
 * @param checkingDisabled the CD bit (RFC 4035)
 * @param questionCount QDCOUNT as sent
 * @param answerCount ANCOUNT as sent
 * @param authorityCount NSCOUNT as sent
 * @param additionalCount ARCOUNT as sent
 * @param queryName the first question's name in presentation form ({@link DnsParser}); null when no
 *     question's name was read; kept when its type and class were cut off
 * @param queryType the first question's QTYPE, -1 when absent
 * @param queryClass the first question's QCLASS as sent, -1 when absent (mDNS's unicast-response
 *     bit 0x8000 is kept)
 * @param answers the answer records read, in order
 * @param authorities the authority records read, in order
 * @param additionals the additional records read, in order (EDNS's OPT record included)
 * @param questions every question read whole, in order (mDNS queries ask several at once); the
 *     first is also {@code queryName}, {@code queryType} and {@code queryClass}
 */
public record DnsMessage(
    DnsParseStatus status,
    int length,
    boolean hasHeader,
    int transactionId,
    boolean response,
    int opcode,
    int rcode,
    boolean authoritative,
    boolean truncated,
    boolean recursionDesired,
    boolean recursionAvailable,
    boolean authenticData,
    boolean checkingDisabled,
    int questionCount,
    int answerCount,
    int authorityCount,
    int additionalCount,
    String queryName,
    int queryType,
    int queryClass,
    List<DnsRecord> answers,
    List<DnsRecord> authorities,
    List<DnsRecord> additionals,
    List<DnsQuestion> questions) {
  public DnsMessage {
    questions = List.copyOf(requireNonNull(questions, "questions is null"));
    requireNonNull(status, "status is null");
    answers = List.copyOf(requireNonNull(answers, "answers is null"));
    authorities = List.copyOf(requireNonNull(authorities, "authorities is null"));
    additionals = List.copyOf(requireNonNull(additionals, "additionals is null"));
  }

  /**
   * This message with another status: for one whose bytes were cut before its end by something the
   * parser cannot see (a gap in a TCP stream, the end of a capture), which is {@link
   * DnsParseStatus#TRUNCATED} even where what arrived happens to parse.
   */
  public DnsMessage withStatus(DnsParseStatus newStatus) {
    return new DnsMessage(
        newStatus,
        length,
        hasHeader,
        transactionId,
        response,
        opcode,
        rcode,
        authoritative,
        truncated,
        recursionDesired,
        recursionAvailable,
        authenticData,
        checkingDisabled,
        questionCount,
        answerCount,
        authorityCount,
        additionalCount,
        queryName,
        queryType,
        queryClass,
        answers,
        authorities,
        additionals,
        questions);
  }

  /** A message too short for a header: {@link DnsParseStatus#TRUNCATED}, nothing else known. */
  static DnsMessage withoutHeader(int length) {
    return new DnsMessage(
        DnsParseStatus.TRUNCATED,
        length,
        false,
        -1,
        false,
        -1,
        -1,
        false,
        false,
        false,
        false,
        false,
        false,
        -1,
        -1,
        -1,
        -1,
        null,
        -1,
        -1,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  /** {@link #queryName} lower-cased (ASCII letters only), null when it is null. */
  public String queryNameNormalized() {
    return queryName == null ? null : queryName.toLowerCase(Locale.ROOT);
  }

  /** {@link DnsNames#typeName} of {@link #queryType}, null when there is no query type. */
  public String queryTypeName() {
    return DnsNames.typeName(queryType);
  }

  /** {@link DnsNames#rcodeName} of the header's {@link #rcode}, null without a header. */
  public String rcodeName() {
    return DnsNames.rcodeName(rcode);
  }

  /**
   * The data of the answer section's A and AAAA records, in order: addresses in the lake's text
   * form (dotted quad; RFC 5952, as the packets' {@code src_address}). Records whose data is not an
   * address of their type's length are left out.
   */
  public List<String> answerAddresses() {
    List<String> addresses = new ArrayList<>(Math.min(answers.size(), 16));
    for (DnsRecord answer : answers) {
      if (DnsParser.isAddressRecord(answer)) {
        addresses.add(answer.data());
      }
    }
    return addresses;
  }
}
