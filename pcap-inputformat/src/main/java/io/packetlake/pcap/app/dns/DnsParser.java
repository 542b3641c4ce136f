package io.packetlake.pcap.app.dns;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses one DNS message (RFC 1035 section 4.1; the same layout for mDNS, RFC 6762, and LLMNR, RFC
 * 4795) from bytes that came off the wire, so from anyone: it never throws on the bytes, never
 * loops, and allocates at most a constant times their length.
 *
 * <pre>
 *  header (12 bytes):
 *  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                      ID                       |
 *  +--+-----------+--+--+--+--+--+--+--+-----------+
 *  |QR|  OPCODE   |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *  +--+-----------+--+--+--+--+--+--+--+-----------+
 *  |        QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT     |
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  question: QNAME, QTYPE (2), QCLASS (2)
 *  record:   NAME, TYPE (2), CLASS (2), TTL (4), RDLENGTH (2), RDATA (RDLENGTH bytes)
 *  name:     labels (length byte 0..63, then the bytes), ending in a zero byte or in a
 *            compression pointer (two bytes 11xxxxxx xxxxxxxx: an offset in the message)
 * </pre>
 *
 * <h2>Names</h2>
 *
 * Names are given in presentation form: labels joined with {@code .}, no trailing dot, the root as
 * {@code "."}, case kept. Inside a label {@code .} and {@code \} are escaped with a backslash, a
 * well-formed UTF-8 sequence of a character that is not a control is kept as that character (mDNS
 * and LLMNR names are UTF-8, RFC 6762 section 16, and tshark shows them so), a space is kept (mDNS
 * service instance names hold spaces: {@code Living Room._airplay._tcp.local}, as tshark shows
 * them), and every other byte outside {@code 0x20..0x7E} is escaped as {@code \DDD} in decimal: the
 * zone-file form of RFC 1035 section 5.1 that dig prints. Only {@code .} and {@code \} could make
 * two names read alike, and they are escaped, so the text tells every name apart.
 *
 * <p>A compression pointer must point strictly backwards: before the first byte of the label
 * sequence it ends (the name's own labels, or the labels the previous pointer led to). Targets thus
 * decrease, which rules out loops; a name also has at most {@value #MAX_POINTERS} pointers, {@value
 * #MAX_LABELS} labels and {@value #MAX_NAME_BYTES} bytes uncompressed (RFC 1035 section 3.1). Any
 * other pointer, a longer label or name, or a label type 0x40 or 0x80 is {@link
 * DnsParseStatus#MALFORMED_NAME}. Decoders in the wild (tshark among them) follow forward pointers
 * too, but no encoder writes them, and forbidding them is what makes every name, and so every
 * record, readable from the bytes before its end: parsing a prefix of a message gives a prefix of
 * its records.
 *
 * <h2>Record data</h2>
 *
 * {@link DnsRecord#data()} is text, as dig prints it:
 *
 * <ul>
 *   <li>A: dotted quad; AAAA: RFC 5952 ({@link Addresses}, the form of the packets' addresses).
 *   <li>NS, CNAME, PTR, DNAME, MD, MF, MB, MG, MR: the name (names in record data may use pointers
 *       into the message, as above).
 *   <li>MX: {@code preference exchange}; SRV: {@code priority weight port target}; SOA: {@code
 *       mname rname serial refresh retry expire minimum}.
 *   <li>TXT: each character-string in double quotes, separated by a space, with {@code "} and
 *       {@code \} escaped by a backslash and bytes outside {@code 0x20..0x7E} as {@code \DDD};
 *       empty data (which RFC 1035 does not allow but mDNS senders write) is the empty string.
 *   <li>OPT (EDNS, RFC 6891): its options, separated by a space, each as {@code NAME=HEX} with the
 *       name from {@link DnsNames#ednsOptionName} and the option's bytes in upper-case hex ({@code
 *       COOKIE=0123456789ABCDEF}); the empty string without options. The payload size, extended
 *       RCODE, version and flags are the record's class and TTL, as sent.
 *   <li>Every other type: the generic form of RFC 3597 section 5, {@code \# <length> <HEX>}, or
 *       {@code \# 0} for empty data. At most {@value #MAX_HEX_BYTES} bytes are written in hex, then
 *       {@code ...}; the length says how many there were.
 * </ul>
 *
 * Data that does not have its type's shape (an A record of 5 bytes, a name that runs past the data
 * or is followed by bytes of no field, a TXT string past the end, a torn OPT option) is given in
 * the generic form and the message's status becomes {@link DnsParseStatus#MALFORMED_RECORD} (or
 * {@link DnsParseStatus#MALFORMED_NAME} for a name inside the data that breaks the rules above), as
 * tshark flags such a record malformed and still shows it.
 *
 * <h2>Problems</h2>
 *
 * The status is the first problem met. A problem inside a record's data costs only that record's
 * rendering: RDLENGTH still frames it, so the record is kept and the records after it are read. Any
 * other problem ends the parse: what was read before it (header, first question, records) is kept
 * and nothing after it. Section counts are taken from the header but only as far as the bytes go:
 * each question takes at least 5 bytes and each record 11, so lists never grow past {@code length /
 * 11} entries whatever the counts say.
 *
 * <p>Rendered text is bounded too: a name is at most 1,003 characters (255 bytes, a label byte at
 * most 4 characters) and record data at most twice that plus the fixed fields, or the generic form
 * of at most {@value #MAX_HEX_BYTES} bytes. A record of {@code n} bytes renders to at most about
 * {@code 150 n} characters (compression lets a 2-byte pointer stand for a 255-byte name).
 */
public final class DnsParser {
  /** The fixed header. */
  public static final int HEADER_LENGTH = 12;

  /** The longest name, counting its length bytes and the root's zero byte (RFC 1035 3.1). */
  public static final int MAX_NAME_BYTES = 255;

  /** The most labels a name of {@link #MAX_NAME_BYTES} can have, besides the root. */
  public static final int MAX_LABELS = 127;

  /** The longest label (RFC 1035 3.1). */
  public static final int MAX_LABEL_LENGTH = 63;

  /** The most compression pointers followed for one name. */
  public static final int MAX_POINTERS = 127;

  /** The most record-data bytes written in hex by the generic form and for OPT's options. */
  public static final int MAX_HEX_BYTES = 256;

  static final int TYPE_A = 1;
  static final int TYPE_AAAA = 28;
  private static final int TYPE_NS = 2;
  private static final int TYPE_MD = 3;
  private static final int TYPE_MF = 4;
  private static final int TYPE_CNAME = 5;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_MB = 7;
  private static final int TYPE_MG = 8;
  private static final int TYPE_MR = 9;
  private static final int TYPE_PTR = 12;
  private static final int TYPE_MX = 15;
  private static final int TYPE_TXT = 16;
  private static final int TYPE_SRV = 33;
  private static final int TYPE_DNAME = 39;
  private static final int TYPE_OPT = 41;

  private static final int QUESTION_FIXED_LENGTH = 4;
  private static final int RECORD_FIXED_LENGTH = 10;
  private static final int SOA_NUMBERS_LENGTH = 20;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private DnsParser() {}

  /**
   * Parses the DNS message {@code data[offset, offset + length)}: a UDP payload, or a TCP message
   * without its 2-byte length prefix. Pointers are offsets from {@code offset}. The bytes are not
   * modified.
   *
   * @throws NullPointerException when {@code data} is null
   * @throws IndexOutOfBoundsException when the range is not within {@code data}
   */
  public static DnsMessage parse(byte[] data, int offset, int length) {
    requireNonNull(data, "data is null");
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length < HEADER_LENGTH) {
      return DnsMessage.withoutHeader(length);
    }
    return new MessageReader(data, offset, length).read();
  }

  /** Whether a record is an A or AAAA record whose data is an address (not the generic form). */
  static boolean isAddressRecord(DnsRecord record) {
    return (record.type() == TYPE_A || record.type() == TYPE_AAAA)
        && record.data() != null
        && !record.data().startsWith("\\#");
  }

  /** How a name could not be read. */
  private enum NameProblem {
    NONE,
    /** Its own labels run past the area they must end in (the message, or the record data). */
    PAST_END,
    /** It breaks a rule of names: {@link DnsParseStatus#MALFORMED_NAME}. */
    MALFORMED
  }

  /** One parse: the message's bytes, a cursor, the first problem, and a reused text buffer. */
  private static final class MessageReader {
    private final byte[] data;
    private final int base;
    private final int length;
    private final StringBuilder text = new StringBuilder(64);
    private DnsParseStatus status = DnsParseStatus.OK;
    private boolean stopped;
    private int position = HEADER_LENGTH;

    /** Where the name read last ends in the sequence it started in (set by {@link #readName}). */
    private int nameEnd;

    private NameProblem nameProblem = NameProblem.NONE;

    private String queryName;
    private int queryType = -1;
    private int queryClass = -1;
    private final List<DnsQuestion> questions = new ArrayList<>(1);

    MessageReader(byte[] data, int base, int length) {
      this.data = data;
      this.base = base;
      this.length = length;
    }

    DnsMessage read() {
      int id = uint16(0);
      int flags = uint16(2);
      int questionCount = uint16(4);
      int answerCount = uint16(6);
      int authorityCount = uint16(8);
      int additionalCount = uint16(10);
      readQuestions(questionCount);
      List<DnsRecord> answers = readSection(answerCount);
      List<DnsRecord> authorities = readSection(authorityCount);
      List<DnsRecord> additionals = readSection(additionalCount);
      return new DnsMessage(
          status,
          length,
          true,
          id,
          (flags & 0x8000) != 0,
          (flags >>> 11) & 0x0F,
          flags & 0x0F,
          (flags & 0x0400) != 0,
          (flags & 0x0200) != 0,
          (flags & 0x0100) != 0,
          (flags & 0x0080) != 0,
          (flags & 0x0020) != 0,
          (flags & 0x0010) != 0,
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

    private void readQuestions(int count) {
      for (int question = 0; question < count && !stopped; question++) {
        boolean first = question == 0;
        String name = readName(position, length, true);
        if (name == null) {
          stop(outsideDataProblem());
          return;
        }
        if (first) {
          queryName = name;
        }
        position = nameEnd;
        if (length - position < QUESTION_FIXED_LENGTH) {
          stop(DnsParseStatus.TRUNCATED);
          return;
        }
        if (first) {
          queryType = uint16(position);
          queryClass = uint16(position + 2);
        }
        questions.add(new DnsQuestion(name, uint16(position), uint16(position + 2)));
        position += QUESTION_FIXED_LENGTH;
      }
    }

    private List<DnsRecord> readSection(int count) {
      List<DnsRecord> records = new ArrayList<>(Math.min(count, 4));
      for (int index = 0; index < count && !stopped; index++) {
        String name = readName(position, length, true);
        if (name == null) {
          stop(outsideDataProblem());
          break;
        }
        position = nameEnd;
        if (length - position < RECORD_FIXED_LENGTH) {
          stop(DnsParseStatus.TRUNCATED);
          break;
        }
        int type = uint16(position);
        int recordClass = uint16(position + 2);
        long ttl = uint32(position + 4);
        int dataLength = uint16(position + 8);
        position += RECORD_FIXED_LENGTH;
        if (length - position < dataLength) {
          stop(DnsParseStatus.MALFORMED_RECORD);
          break;
        }
        String rendered = renderData(type, position, position + dataLength);
        records.add(new DnsRecord(name, type, recordClass, ttl, rendered));
        position += dataLength;
      }
      return records;
    }

    /** The status of a name outside record data that could not be read. */
    private DnsParseStatus outsideDataProblem() {
      return nameProblem == NameProblem.PAST_END
          ? DnsParseStatus.TRUNCATED
          : DnsParseStatus.MALFORMED_NAME;
    }

    private void stop(DnsParseStatus problem) {
      report(problem);
      stopped = true;
    }

    private void report(DnsParseStatus problem) {
      if (status == DnsParseStatus.OK) {
        status = problem;
      }
    }

    /**
     * Reads the name at {@code start}, whose own labels must end before {@code limit}.
     *
     * @param render whether to build its text; when false the name is only checked and "" returned
     * @return the name in presentation form, or null with {@link #nameProblem} set; on success
     *     {@link #nameEnd} is where the name ends in its own label sequence
     */
    private String readName(int start, int limit, boolean render) {
      nameProblem = NameProblem.NONE;
      int textStart = text.length();
      int cursor = start;
      int sequenceStart = start;
      int sequenceLimit = limit;
      int end = -1;
      int wireBytes = 1;
      int labels = 0;
      int pointers = 0;
      while (true) {
        if (cursor >= sequenceLimit) {
          // Past the end of the name's own area: the message or data ends early; past the end of
          // the bytes a pointer led to: the pointer was wrong.
          return failName(textStart, end < 0 ? NameProblem.PAST_END : NameProblem.MALFORMED);
        }
        int lengthByte = data[base + cursor] & 0xFF;
        int labelType = lengthByte & 0xC0;
        if (labelType == 0xC0) {
          if (cursor + 1 >= sequenceLimit) {
            return failName(textStart, end < 0 ? NameProblem.PAST_END : NameProblem.MALFORMED);
          }
          int target = ((lengthByte & 0x3F) << 8) | (data[base + cursor + 1] & 0xFF);
          if (target >= sequenceStart || ++pointers > MAX_POINTERS) {
            return failName(textStart, NameProblem.MALFORMED);
          }
          if (end < 0) {
            end = cursor + 2;
          }
          cursor = target;
          sequenceStart = target;
          sequenceLimit = length;
          continue;
        }
        if (labelType != 0) {
          return failName(textStart, NameProblem.MALFORMED);
        }
        if (lengthByte == 0) {
          if (end < 0) {
            end = cursor + 1;
          }
          break;
        }
        wireBytes += 1 + lengthByte;
        if (wireBytes > MAX_NAME_BYTES || ++labels > MAX_LABELS) {
          return failName(textStart, NameProblem.MALFORMED);
        }
        if (sequenceLimit - cursor - 1 < lengthByte) {
          return failName(textStart, end < 0 ? NameProblem.PAST_END : NameProblem.MALFORMED);
        }
        if (render) {
          if (labels > 1) {
            text.append('.');
          }
          appendLabel(cursor + 1, lengthByte);
        }
        cursor += 1 + lengthByte;
      }
      nameEnd = end;
      if (!render) {
        return "";
      }
      if (labels == 0) {
        text.append('.');
      }
      String name = text.substring(textStart);
      text.setLength(textStart);
      return name;
    }

    private String failName(int textStart, NameProblem problem) {
      text.setLength(textStart);
      nameProblem = problem;
      return null;
    }

    private void appendLabel(int start, int labelLength) {
      int end = start + labelLength;
      for (int index = start; index < end; index++) {
        int value = data[base + index] & 0xFF;
        if (value == '.' || value == '\\') {
          text.append('\\').append((char) value);
        } else if (value >= 0x80) {
          int length = Utf8.sequenceLength(data, base + index, base + end);
          if (length > 0) {
            text.appendCodePoint(Utf8.codePoint(data, base + index, length));
            index += length - 1;
          } else {
            appendDecimalEscape(value);
          }
        } else if (value < 0x20 || value > 0x7E) {
          appendDecimalEscape(value);
        } else {
          text.append((char) value);
        }
      }
    }

    private void appendDecimalEscape(int value) {
      text.append('\\')
          .append((char) ('0' + value / 100))
          .append((char) ('0' + value / 10 % 10))
          .append((char) ('0' + value % 10));
    }

    /**
     * The text of the record data {@code [start, end)} of a record of {@code type}; the generic
     * form, with the status reported, when the data does not have the type's shape.
     */
    private String renderData(int type, int start, int end) {
      text.setLength(0);
      nameProblem = NameProblem.NONE;
      boolean rendered =
          switch (type) {
            case TYPE_A -> appendAddress(start, end, 4);
            case TYPE_AAAA -> appendAddress(start, end, 16);
            case TYPE_NS,
                TYPE_MD,
                TYPE_MF,
                TYPE_CNAME,
                TYPE_MB,
                TYPE_MG,
                TYPE_MR,
                TYPE_PTR,
                TYPE_DNAME ->
                appendLastName(start, end);
            case TYPE_MX -> appendNumbers(start, end, 1) && appendLastName(start + 2, end);
            case TYPE_SRV -> appendNumbers(start, end, 3) && appendLastName(start + 6, end);
            case TYPE_SOA -> appendSoa(start, end);
            case TYPE_TXT -> appendTxt(start, end);
            case TYPE_OPT -> appendOptions(start, end);
            default -> {
              appendGeneric(start, end);
              yield true;
            }
          };
      if (!rendered) {
        report(
            nameProblem == NameProblem.MALFORMED
                ? DnsParseStatus.MALFORMED_NAME
                : DnsParseStatus.MALFORMED_RECORD);
        text.setLength(0);
        appendGeneric(start, end);
      }
      String result = text.toString();
      text.setLength(0);
      return result;
    }

    private boolean appendAddress(int start, int end, int addressLength) {
      if (end - start != addressLength) {
        return false;
      }
      Addresses.appendIp(text, data, base + start, addressLength);
      return true;
    }

    /** Appends {@code count} 16-bit numbers at {@code start}, each followed by a space. */
    private boolean appendNumbers(int start, int end, int count) {
      if (end - start < 2 * count) {
        return false;
      }
      for (int index = 0; index < count; index++) {
        text.append(uint16(start + 2 * index)).append(' ');
      }
      return true;
    }

    /** Appends the name at {@code start}, which must end exactly at {@code end}. */
    private boolean appendLastName(int start, int end) {
      String name = readName(start, end, true);
      if (name == null) {
        return false;
      }
      text.append(name);
      return nameEnd == end;
    }

    private boolean appendSoa(int start, int end) {
      String primary = readName(start, end, true);
      if (primary == null) {
        return false;
      }
      String mailbox = readName(nameEnd, end, true);
      if (mailbox == null) {
        return false;
      }
      int numbers = nameEnd;
      if (end - numbers != SOA_NUMBERS_LENGTH) {
        return false;
      }
      text.append(primary).append(' ').append(mailbox);
      for (int index = 0; index < 5; index++) {
        text.append(' ').append(uint32(numbers + 4 * index));
      }
      return true;
    }

    private boolean appendTxt(int start, int end) {
      int cursor = start;
      while (cursor < end) {
        int stringLength = data[base + cursor] & 0xFF;
        if (end - cursor - 1 < stringLength) {
          return false;
        }
        if (cursor > start) {
          text.append(' ');
        }
        text.append('"');
        for (int index = cursor + 1; index <= cursor + stringLength; index++) {
          int value = data[base + index] & 0xFF;
          if (value == '"' || value == '\\') {
            text.append('\\').append((char) value);
          } else if (value < 0x20 || value > 0x7E) {
            appendDecimalEscape(value);
          } else {
            text.append((char) value);
          }
        }
        text.append('"');
        cursor += 1 + stringLength;
      }
      return true;
    }

    /** EDNS options: code (2), length (2), value; see the class comment for the text. */
    private boolean appendOptions(int start, int end) {
      int hexBudget = MAX_HEX_BYTES;
      int cursor = start;
      while (cursor < end) {
        if (end - cursor < 4) {
          return false;
        }
        int code = uint16(cursor);
        int optionLength = uint16(cursor + 2);
        int value = cursor + 4;
        if (end - value < optionLength) {
          return false;
        }
        if (hexBudget >= 0) {
          if (cursor > start) {
            text.append(' ');
          }
          text.append(DnsNames.ednsOptionName(code)).append('=');
          int shown = Math.min(optionLength, hexBudget);
          appendHex(value, shown);
          hexBudget -= shown;
          if (shown < optionLength) {
            text.append("...");
            hexBudget = -1;
          }
        }
        cursor = value + optionLength;
      }
      return true;
    }

    private void appendGeneric(int start, int end) {
      int dataLength = end - start;
      text.append("\\# ").append(dataLength);
      if (dataLength > 0) {
        text.append(' ');
        appendHex(start, Math.min(dataLength, MAX_HEX_BYTES));
        if (dataLength > MAX_HEX_BYTES) {
          text.append("...");
        }
      }
    }

    private void appendHex(int start, int count) {
      for (int index = start; index < start + count; index++) {
        int value = data[base + index] & 0xFF;
        text.append(HEX[value >>> 4]).append(HEX[value & 0x0F]);
      }
    }

    private int uint16(int at) {
      return ((data[base + at] & 0xFF) << 8) | (data[base + at + 1] & 0xFF);
    }

    private long uint32(int at) {
      return ((long) uint16(at) << 16) | uint16(at + 2);
    }
  }
}
