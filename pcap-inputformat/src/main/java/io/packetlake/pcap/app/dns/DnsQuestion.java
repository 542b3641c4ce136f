package io.packetlake.pcap.app.dns;

import static java.util.Objects.requireNonNull;

/**
 * One question of a DNS message.
 *
 * @param name the name in presentation form (see {@link DnsParser})
 * @param type the QTYPE
 * @param questionClass the QCLASS as sent (mDNS sets its top bit to ask for a unicast response)
 */
public record DnsQuestion(String name, int type, int questionClass) {
  public DnsQuestion {
    requireNonNull(name, "name is null");
  }
}
