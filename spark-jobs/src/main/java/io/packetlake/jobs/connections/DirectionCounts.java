package io.packetlake.jobs.connections;

/**
 * What one side of a connection sent.
 *
 * @param packets packets sent
 * @param wireBytes sum of the frame lengths on the wire (what tshark's conversation table counts)
 * @param ipBytes sum of the IP total lengths (IP header included)
 * @param payloadBytes sum of the TCP or UDP payload lengths
 * @param retransmittedPackets TCP segments that resent sequence space already sent
 * @param outOfOrderPackets TCP segments that filled a sequence gap shortly after it opened
 */
public record DirectionCounts(
    long packets,
    long wireBytes,
    long ipBytes,
    long payloadBytes,
    long retransmittedPackets,
    long outOfOrderPackets) {}
