package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A connection still receiving packets. Its state has the same size after any number of them. */
final class ActiveConnection {
  // Every flag bit but the reserved ones: what tcp_flag_count counts.
  private static final int DEFINED_FLAGS =
      TcpFlags.FIN
          | TcpFlags.SYN
          | TcpFlags.RST
          | TcpFlags.PSH
          | TcpFlags.ACK
          | TcpFlags.URG
          | TcpFlags.ECE
          | TcpFlags.CWR
          | TcpFlags.NS;
  private static final long NOT_CLOSED = Long.MIN_VALUE;

  private final FlowKey key;
  private final String originatorAddress;
  private final int originatorKeyPort;
  private final Integer originatorPort;
  private final String responderAddress;
  private final Integer responderPort;
  private final long startNanos;
  private long lastNanos;
  private final DirectionState originator = new DirectionState();
  private final DirectionState responder = new DirectionState();
  // Almost always one capture; a connection crossing a capture boundary has a few.
  private final List<String> captureIds = new ArrayList<>(1);

  private long finPackets;
  private long synPackets;
  private long resetPackets;
  private long pushPackets;
  private long acknowledgmentPackets;
  private long urgentPackets;
  private long echoPackets;
  private long congestionWindowReducedPackets;
  private long noncePackets;
  private long flagBits;
  private long fragmentedPackets;
  private long sequencePackets;

  private long closedNanos = NOT_CLOSED;
  private EndReason closedBy;
  private boolean originatorResetFirst;
  private boolean finished;

  /**
   * Starts a connection with its first packet. The sender is the originator, except that a first
   * packet with SYN and ACK is the answer to a SYN not seen: its receiver started the connection.
   */
  ActiveConnection(FlowKey key, FlowPacket first, int sourceKeyPort, int destinationKeyPort) {
    this.key = requireNonNull(key, "key is null");
    boolean answer = first.hasFlag(TcpFlags.SYN) && first.hasFlag(TcpFlags.ACK);
    Integer sourcePort = displayPort(first, true, sourceKeyPort);
    Integer destinationPort = displayPort(first, false, destinationKeyPort);
    if (answer) {
      originatorAddress = first.destinationAddress();
      originatorKeyPort = destinationKeyPort;
      originatorPort = destinationPort;
      responderAddress = first.sourceAddress();
      responderPort = sourcePort;
    } else {
      originatorAddress = first.sourceAddress();
      originatorKeyPort = sourceKeyPort;
      originatorPort = sourcePort;
      responderAddress = first.destinationAddress();
      responderPort = destinationPort;
    }
    startNanos = first.timestampNanos();
    lastNanos = first.timestampNanos();
  }

  // ICMP connections show the first message's type and code where ports would be, as Zeek does.
  private static Integer displayPort(FlowPacket packet, boolean source, int keyPort) {
    if (keyPort == FlowKey.NO_PORT) {
      return null;
    }
    if (IpProtocols.isIcmp(packet.protocol())) {
      return source ? packet.icmpType() : packet.icmpCode();
    }
    return keyPort;
  }

  FlowKey key() {
    return key;
  }

  long lastNanos() {
    return lastNanos;
  }

  boolean isClosed() {
    return closedNanos != NOT_CLOSED;
  }

  long closedNanos() {
    return closedNanos;
  }

  /** Whether {@link #finish} was called: the connection has gone to the sink. */
  boolean isFinished() {
    return finished;
  }

  /** Adds a packet of this flow; {@code sourceKeyPort} is the sender's port in the flow key. */
  void add(FlowPacket packet, int sourceKeyPort, long reorderingNanos) {
    if (!captureIds.contains(packet.captureId())) {
      captureIds.add(packet.captureId());
    }
    lastNanos = Math.max(lastNanos, packet.timestampNanos());
    boolean fromOriginator =
        packet.sourceAddress().equals(originatorAddress) && sourceKeyPort == originatorKeyPort;
    DirectionState direction = fromOriginator ? originator : responder;
    direction.count(packet);
    if (packet.fragment()) {
      fragmentedPackets++;
    }
    if (!packet.isTcp()) {
      return;
    }
    int flags = packet.tcpFlags();
    countFlags(flags);
    boolean syn = (flags & TcpFlags.SYN) != 0;
    boolean fin = (flags & TcpFlags.FIN) != 0;
    boolean reset = (flags & TcpFlags.RST) != 0;
    boolean acknowledgment = (flags & TcpFlags.ACK) != 0;
    if (syn && acknowledgment) {
      direction.sentSynAcknowledgment = true;
    } else if (syn) {
      direction.sentSyn = true;
    }
    if (fin) {
      direction.sentFin = true;
    }
    int length = Math.max(packet.payloadLength(), 0) + (syn ? 1 : 0) + (fin ? 1 : 0);
    if (length > 0) {
      sequencePackets++;
      if (packet.tcpSequence() >= 0) {
        direction.followSequence(
            packet.timestampNanos(), packet.tcpSequence(), length, reorderingNanos);
      }
    }
    if (reset) {
      if (!originator.sentReset && !responder.sentReset) {
        originatorResetFirst = fromOriginator;
      }
      direction.sentReset = true;
    }
    if (!isClosed()) {
      if (reset) {
        closedNanos = packet.timestampNanos();
        closedBy = EndReason.RST;
      } else if (originator.sentFin && responder.sentFin) {
        closedNanos = packet.timestampNanos();
        closedBy = EndReason.FIN;
      }
    }
  }

  private void countFlags(int flags) {
    finPackets += oneIfSet(flags, TcpFlags.FIN);
    synPackets += oneIfSet(flags, TcpFlags.SYN);
    resetPackets += oneIfSet(flags, TcpFlags.RST);
    pushPackets += oneIfSet(flags, TcpFlags.PSH);
    acknowledgmentPackets += oneIfSet(flags, TcpFlags.ACK);
    urgentPackets += oneIfSet(flags, TcpFlags.URG);
    echoPackets += oneIfSet(flags, TcpFlags.ECE);
    congestionWindowReducedPackets += oneIfSet(flags, TcpFlags.CWR);
    noncePackets += oneIfSet(flags, TcpFlags.NS);
    flagBits += Integer.bitCount(flags & DEFINED_FLAGS);
  }

  /** 1 when {@code flag} is set in {@code flags}, else 0. */
  private static int oneIfSet(int flags, int flag) {
    return (flags & flag) != 0 ? 1 : 0;
  }

  /**
   * The finished connection. A connection closed by FIN or RST ends for that reason whatever ended
   * its linger; others end by {@code openEnd}.
   */
  Connection finish(EndReason openEnd) {
    finished = true;
    EndReason reason = isClosed() ? closedBy : openEnd;
    return new Connection(
        connectionId(
            key.protocol(),
            originatorAddress,
            originatorPort,
            responderAddress,
            responderPort,
            startNanos),
        key.protocol(),
        originatorAddress,
        originatorPort,
        responderAddress,
        responderPort,
        startNanos,
        lastNanos,
        originator.counts(),
        responder.counts(),
        new TcpFlagCounts(
            finPackets,
            synPackets,
            resetPackets,
            pushPackets,
            acknowledgmentPackets,
            urgentPackets,
            echoPackets,
            congestionWindowReducedPackets,
            noncePackets,
            flagBits),
        fragmentedPackets,
        sequencePackets,
        ConnectionState.of(key.protocol(), originator, responder, originatorResetFirst),
        reason,
        key.hash(),
        captureIds.stream().sorted().toList());
  }

  /**
   * The id of a connection: the first 80 bits of SHA-256 over its protocol, endpoints and start
   * time, in hex. The same packets give the same id in every run, which keeps reruns idempotent and
   * lets other tables refer to connections.
   */
  static String connectionId(
      int protocol,
      String originatorAddress,
      Integer originatorPort,
      String responderAddress,
      Integer responderPort,
      long startNanos) {
    String identity =
        protocol
            + "|"
            + originatorAddress
            + "|"
            + originatorPort
            + "|"
            + responderAddress
            + "|"
            + responderPort
            + "|"
            + startNanos;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot compute connection id: no SHA-256", e);
    }
  }
}
