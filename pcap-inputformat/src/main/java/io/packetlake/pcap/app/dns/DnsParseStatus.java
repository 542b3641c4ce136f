package io.packetlake.pcap.app.dns;

/**
 * Outcome of parsing one DNS message. Every message gets exactly one status: the first problem met
 * walking the message from its header to its last record. What was parsed before that problem is
 * kept; see {@link DnsParser} for what is kept after it.
 */
public enum DnsParseStatus {
  /** Every section the header announces was read and every record's data has its type's shape. */
  OK,
  /**
   * The message ends before what its header announces: fewer than 12 bytes, or a question or the
   * fixed fields of a record (or a name outside record data) run past the last byte.
   */
  TRUNCATED,
  /**
   * A name breaks the rules of RFC 1035 section 4.1.4: a compression pointer that does not point
   * strictly backwards (a loop, a forward pointer, a pointer past the end), a label longer than 63
   * bytes, a name longer than 255 bytes on the wire or than 127 labels, too many pointers, or a
   * label type other than a length or a pointer (0x40, 0x80).
   */
  MALFORMED_NAME,
  /**
   * A record's RDLENGTH reaches past the end of the message, or its data does not have its type's
   * shape (an A record whose data is not 4 bytes, a name running past the data, bytes left after
   * the last field).
   */
  MALFORMED_RECORD
}
