package io.packetlake.pcap.app.dns;

/**
 * One resource record as {@link DnsParser} reads it (RFC 1035 section 4.1.3).
 *
 * @param name the owner name in presentation form ({@link DnsParser} describes it); {@code "."} for
 *     the root, and so for EDNS's OPT record
 * @param type the TYPE field, 0 to 65535
 * @param recordClass the CLASS field as sent, 0 to 65535: mDNS's cache-flush bit (0x8000) is kept,
 *     and for OPT it is the sender's UDP payload size
 * @param ttl the TTL field as an unsigned 32-bit number; for OPT the extended RCODE, EDNS version
 *     and flags as sent
 * @param data the record data as text ({@link DnsParser} lists the forms), null when not rendered
 */
public record DnsRecord(String name, int type, int recordClass, long ttl, String data) {
  /** The type's mnemonic, {@link DnsNames#typeName}. */
  public String typeName() {
    return DnsNames.typeName(type);
  }
}
