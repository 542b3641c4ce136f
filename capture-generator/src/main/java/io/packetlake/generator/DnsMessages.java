package io.packetlake.generator;

/**
 * DNS message pieces (RFC 1035 section 4.1, EDNS(0) of RFC 6891).
 *
 * <pre>
 *  0       2       4         6         8         10        12
 *  +-------+-------+---------+---------+---------+---------+------------------------+
 *  | id    | flags | qdcount | ancount | nscount | arcount | questions, records ... |
 *
 *  question: name | type (2) | class (2)
 *  record:   name | type (2) | class (2) | ttl (4) | rdlength (2) | rdata
 * </pre>
 *
 * Answers name their owner with a compression pointer ({@code 0xC000 | offset}) to a name written
 * earlier in the same message.
 */
final class DnsMessages {
  static final int TYPE_A = 1;
  static final int TYPE_CNAME = 5;
  static final int TYPE_TXT = 16;
  static final int TYPE_AAAA = 28;
  static final int TYPE_OPT = 41;

  static final int CLASS_IN = 1;

  /** Standard query, recursion desired. */
  static final int QUERY_FLAGS = 0x0100;

  /** Response, recursion desired and available; the low four bits take the response code. */
  static final int RESPONSE_FLAGS = 0x8180;

  static final int NO_ERROR = 0;
  static final int NAME_ERROR = 3;

  /** Offset of the question's name in a message: answers point back to it. */
  static final int QUESTION_NAME_OFFSET = 12;

  static final int HEADER_LENGTH = 12;
  static final int OPT_LENGTH = 11;

  private DnsMessages() {}

  static int writeHeader(
      byte[] target,
      int at,
      int id,
      int flags,
      int questions,
      int answers,
      int authorities,
      int additionals) {
    putShort(target, at, id);
    putShort(target, at + 2, flags);
    putShort(target, at + 4, questions);
    putShort(target, at + 6, answers);
    putShort(target, at + 8, authorities);
    putShort(target, at + 10, additionals);
    return at + HEADER_LENGTH;
  }

  static int writeQuestion(byte[] target, int at, String name, int type) {
    int position = Names.writeWire(name, target, at);
    putShort(target, position, type);
    putShort(target, position + 2, CLASS_IN);
    return position + 4;
  }

  /** An OPT pseudo-record advertising {@code udpPayloadSize}, without options. */
  static int writeOpt(byte[] target, int at, int udpPayloadSize) {
    target[at] = 0;
    putShort(target, at + 1, TYPE_OPT);
    putShort(target, at + 3, udpPayloadSize);
    putInt(target, at + 5, 0);
    putShort(target, at + 9, 0);
    return at + OPT_LENGTH;
  }

  /**
   * Writes a record's fixed part with a compressed owner name; the caller writes {@code dataLength}
   * bytes of rdata after it.
   *
   * @param ownerOffset offset of the owner name from the start of the message
   */
  static int writeRecordHeader(
      byte[] target, int at, int ownerOffset, int type, int timeToLive, int dataLength) {
    putShort(target, at, 0xC000 | ownerOffset);
    putShort(target, at + 2, type);
    putShort(target, at + 4, CLASS_IN);
    putInt(target, at + 6, timeToLive);
    putShort(target, at + 10, dataLength);
    return at + 12;
  }

  static void putShort(byte[] target, int at, int value) {
    target[at] = (byte) (value >>> 8);
    target[at + 1] = (byte) value;
  }

  static void putInt(byte[] target, int at, int value) {
    putShort(target, at, value >>> 16);
    putShort(target, at + 2, value);
  }

  static void putLong(byte[] target, int at, long value) {
    putInt(target, at, (int) (value >>> 32));
    putInt(target, at + 4, (int) value);
  }
}
