package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One finished connection: the row of the {@code connections} table before it becomes a Spark row.
 *
 * @param connectionId stable id: a hash of protocol, endpoints and start time
 * @param protocol IP protocol number
 * @param originatorAddress the side that started the connection
 * @param originatorPort its TCP/UDP port; for ICMP the type of the first message; null otherwise
 * @param responderAddress the other side
 * @param responderPort its TCP/UDP port; for ICMP the code of the first message; null otherwise
 * @param startNanos time of the first packet, nanoseconds since the epoch
 * @param endNanos time of the last packet
 * @param originator what the originator sent
 * @param responder what the responder sent
 * @param flags TCP flag counts over both directions
 * @param fragmentedPackets packets that are IP fragments
 * @param sequencePackets TCP packets that consume sequence space (payload, SYN or FIN)
 * @param state the connection state code
 * @param endReason why the connection ended
 * @param flowKeyHash the hash of its flow key, as the packets of the connection store it
 * @param captureIds the ids of the captures holding its packets, sorted, each once
 */
public record Connection(
    String connectionId,
    int protocol,
    String originatorAddress,
    Integer originatorPort,
    String responderAddress,
    Integer responderPort,
    long startNanos,
    long endNanos,
    DirectionCounts originator,
    DirectionCounts responder,
    TcpFlagCounts flags,
    long fragmentedPackets,
    long sequencePackets,
    ConnectionState state,
    EndReason endReason,
    long flowKeyHash,
    List<String> captureIds) {
  public Connection {
    captureIds = List.copyOf(requireNonNull(captureIds, "captureIds is null"));
    requireNonNull(connectionId, "connectionId is null");
    requireNonNull(originatorAddress, "originatorAddress is null");
    requireNonNull(responderAddress, "responderAddress is null");
    requireNonNull(originator, "originator is null");
    requireNonNull(responder, "responder is null");
    requireNonNull(flags, "flags is null");
    requireNonNull(state, "state is null");
    requireNonNull(endReason, "endReason is null");
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create connection %s: end %s is before start %s",
              connectionId, endNanos, startNanos));
    }
  }

  public long packets() {
    return originator.packets() + responder.packets();
  }

  public long durationNanos() {
    return endNanos - startNanos;
  }
}
