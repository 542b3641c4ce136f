package io.packetlake.jobs.connections;

/**
 * How many of a connection's packets carry each TCP flag, and the flag bits set in total.
 *
 * @param flagBits the number of flag bits (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, NS) set, summed
 *     over all packets; the reserved bits are not counted
 */
public record TcpFlagCounts(
    long fin,
    long syn,
    long rst,
    long psh,
    long ack,
    long urg,
    long ece,
    long cwr,
    long ns,
    long flagBits) {
  public static final TcpFlagCounts NONE = new TcpFlagCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
