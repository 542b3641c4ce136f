package io.packetlake.pcap.app;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.app.dns.DnsMessage;

/**
 * A DNS message as the pass saw it: the packet that completed it, the parsed message, and for a
 * response the query it answers.
 *
 * @param packet the packet that completed the message: for UDP its datagram, for TCP the segment
 *     that delivered its last byte (where tshark shows a reassembled message); its time, endpoints,
 *     flow and capture are the message's
 * @param message the parsed message
 * @param length the message's length as carried (the UDP payload; for TCP without the length
 *     prefix), as far as it was captured
 * @param queryTimeNanos for a response, the capture time of the query it answers, or {@link
 *     PayloadSegment#NO_TIME}
 */
public record ObservedDnsMessage(
    PayloadSegment packet, DnsMessage message, int length, long queryTimeNanos) {
  public ObservedDnsMessage {
    requireNonNull(packet, "packet is null");
    requireNonNull(message, "message is null");
  }

  public boolean answersKnownQuery() {
    return queryTimeNanos != PayloadSegment.NO_TIME;
  }
}
