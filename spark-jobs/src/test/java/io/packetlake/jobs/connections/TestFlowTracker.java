package io.packetlake.jobs.connections;

import static io.packetlake.jobs.connections.Packets.ACK;
import static io.packetlake.jobs.connections.Packets.CLIENT;
import static io.packetlake.jobs.connections.Packets.CLIENT_PORT;
import static io.packetlake.jobs.connections.Packets.FIN_ACK;
import static io.packetlake.jobs.connections.Packets.PSH_ACK;
import static io.packetlake.jobs.connections.Packets.RST;
import static io.packetlake.jobs.connections.Packets.RST_ACK;
import static io.packetlake.jobs.connections.Packets.SERVER;
import static io.packetlake.jobs.connections.Packets.SERVER_PORT;
import static io.packetlake.jobs.connections.Packets.SYN;
import static io.packetlake.jobs.connections.Packets.SYN_ACK;
import static io.packetlake.jobs.connections.Packets.at;
import static io.packetlake.jobs.connections.Packets.fromClient;
import static io.packetlake.jobs.connections.Packets.fromServer;
import static io.packetlake.jobs.connections.Packets.icmp;
import static io.packetlake.jobs.connections.Packets.udp;
import static io.packetlake.jobs.connections.Packets.udpFragment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.decode.IpProtocols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestFlowTracker {
  private static final long MINUTE = 60_000;
  private static final long CLIENT_ISN = 1_000;
  private static final long SERVER_ISN = 50_000;

  @Test
  void handshakeDataAndTeardownAreOneConnection() {
    List<Connection> connections =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromServer(1, SYN_ACK, SERVER_ISN, 0),
            fromClient(2, ACK, CLIENT_ISN + 1, 0),
            fromClient(3, PSH_ACK, CLIENT_ISN + 1, 100),
            fromServer(4, PSH_ACK, SERVER_ISN + 1, 300),
            fromClient(5, FIN_ACK, CLIENT_ISN + 101, 0),
            fromServer(6, FIN_ACK, SERVER_ISN + 301, 0),
            // The last ACK comes after both FINs: it stays, no one-packet "appendix" connection.
            fromClient(7, ACK, CLIENT_ISN + 102, 0));

    assertThat(connections).hasSize(1);
    Connection connection = connections.get(0);
    assertThat(connection.originatorAddress()).isEqualTo(CLIENT);
    assertThat(connection.originatorPort()).isEqualTo(CLIENT_PORT);
    assertThat(connection.responderAddress()).isEqualTo(SERVER);
    assertThat(connection.responderPort()).isEqualTo(SERVER_PORT);
    assertThat(connection.startNanos()).isEqualTo(at(0));
    assertThat(connection.endNanos()).isEqualTo(at(7));
    assertThat(connection.durationNanos()).isEqualTo(7_000_000L);
    assertThat(connection.originator().packets()).isEqualTo(5);
    assertThat(connection.responder().packets()).isEqualTo(3);
    assertThat(connection.originator().payloadBytes()).isEqualTo(100);
    assertThat(connection.responder().payloadBytes()).isEqualTo(300);
    assertThat(connection.originator().wireBytes()).isEqualTo(5 * 54 + 100);
    assertThat(connection.originator().ipBytes()).isEqualTo(5 * 40 + 100);
    assertThat(connection.state()).isEqualTo(ConnectionState.SF);
    assertThat(connection.endReason()).isEqualTo(EndReason.FIN);
    assertThat(connection.flags())
        .isEqualTo(new TcpFlagCounts(2, 2, 0, 2, 7, 0, 0, 0, 0, 1 + 2 + 1 + 2 + 2 + 2 + 2 + 1));
    // SYN, SYN-ACK, two data segments, two FINs.
    assertThat(connection.sequencePackets()).isEqualTo(6);
    assertThat(connection.originator().retransmittedPackets()).isZero();
    assertThat(connection.responder().retransmittedPackets()).isZero();
  }

  @Test
  void firstSeenSynAckMakesItsReceiverTheOriginator() {
    List<Connection> connections =
        track(
            fromServer(0, SYN_ACK, SERVER_ISN, 0),
            fromClient(1, ACK, CLIENT_ISN + 1, 0),
            fromClient(2, PSH_ACK, CLIENT_ISN + 1, 10));

    assertThat(connections).hasSize(1);
    Connection connection = connections.get(0);
    assertThat(connection.originatorAddress()).isEqualTo(CLIENT);
    assertThat(connection.originatorPort()).isEqualTo(CLIENT_PORT);
    assertThat(connection.originator().packets()).isEqualTo(2);
    assertThat(connection.responder().packets()).isEqualTo(1);
    assertThat(connection.state()).isEqualTo(ConnectionState.OTH);
  }

  @Test
  void midstreamFirstPacketMakesItsSenderTheOriginator() {
    List<Connection> connections =
        track(fromServer(0, PSH_ACK, SERVER_ISN, 10), fromClient(1, ACK, CLIENT_ISN, 0));

    assertThat(connections.get(0).originatorAddress()).isEqualTo(SERVER);
    assertThat(connections.get(0).state()).isEqualTo(ConnectionState.OTH);
  }

  @Test
  void idleTimeoutSplitsPerProtocol() {
    FlowTimeouts timeouts = FlowTimeouts.defaults();
    List<Connection> connections =
        track(
            timeouts,
            fromClient(0, PSH_ACK, CLIENT_ISN, 10),
            // 4 minutes of silence: still the same TCP connection (timeout 5 minutes).
            fromClient(4 * MINUTE, PSH_ACK, CLIENT_ISN + 10, 10),
            udp(0, CLIENT, 5353, SERVER, 53, 40),
            // 61 seconds of silence: a new UDP connection (timeout 1 minute).
            udp(MINUTE + 1000, SERVER, 53, CLIENT, 5353, 40),
            // More than 5 minutes after the last TCP packet: a new TCP connection.
            fromClient(9 * MINUTE + 1, PSH_ACK, CLIENT_ISN + 20, 10));

    List<Connection> tcp = byProtocol(connections, IpProtocols.TCP);
    assertThat(tcp).hasSize(2);
    assertThat(tcp.get(0).packets()).isEqualTo(2);
    assertThat(tcp.get(0).endReason()).isEqualTo(EndReason.IDLE_TIMEOUT);
    assertThat(tcp.get(1).endReason()).isEqualTo(EndReason.END_OF_DATA);
    List<Connection> udp = byProtocol(connections, IpProtocols.UDP);
    assertThat(udp).hasSize(2);
    assertThat(udp.get(0).endReason()).isEqualTo(EndReason.IDLE_TIMEOUT);
    assertThat(udp.get(0).state()).isEqualTo(ConnectionState.S0);
    // The second UDP connection starts with the server's packet: the server is its originator.
    assertThat(udp.get(1).originatorAddress()).isEqualTo(SERVER);
    assertThat(udp.get(1).originatorPort()).isEqualTo(53);
  }

  @Test
  void configuredTimeoutsApply() {
    FlowTimeouts timeouts = FlowTimeouts.defaults().withTcpIdle(Duration.ofSeconds(10));
    assertThat(
            track(
                timeouts,
                fromClient(0, PSH_ACK, CLIENT_ISN, 10),
                fromClient(10_001, PSH_ACK, CLIENT_ISN + 10, 10)))
        .hasSize(2);
    assertThat(
            track(
                timeouts,
                fromClient(0, PSH_ACK, CLIENT_ISN, 10),
                fromClient(10_000, PSH_ACK, CLIENT_ISN + 10, 10)))
        .hasSize(1);
  }

  @Test
  void finBothWaysEndsTheConnectionAfterTheLinger() {
    List<Connection> connections =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromServer(1, SYN_ACK, SERVER_ISN, 0),
            fromClient(2, FIN_ACK, CLIENT_ISN + 1, 0),
            fromServer(3, FIN_ACK, SERVER_ISN + 1, 0),
            // Within the 5 s linger: a repeated FIN stays in the connection.
            fromServer(4_000, FIN_ACK, SERVER_ISN + 1, 0),
            // After the linger: a stray ACK starts a connection of its own.
            fromClient(10_000, ACK, CLIENT_ISN + 2, 0));

    assertThat(connections).hasSize(2);
    assertThat(connections.get(0).packets()).isEqualTo(5);
    assertThat(connections.get(0).endReason()).isEqualTo(EndReason.FIN);
    assertThat(connections.get(0).state()).isEqualTo(ConnectionState.SF);
    assertThat(connections.get(0).responder().retransmittedPackets()).isEqualTo(1);
    assertThat(connections.get(1).packets()).isEqualTo(1);
    assertThat(connections.get(1).state()).isEqualTo(ConnectionState.OTH);
  }

  @Test
  void finFromOneSideOnlyKeepsTheConnectionOpen() {
    List<Connection> connections =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromServer(1, SYN_ACK, SERVER_ISN, 0),
            fromClient(2, FIN_ACK, CLIENT_ISN + 1, 0),
            fromServer(60_000, PSH_ACK, SERVER_ISN + 1, 10));

    assertThat(connections).hasSize(1);
    assertThat(connections.get(0).state()).isEqualTo(ConnectionState.S2);
    assertThat(connections.get(0).endReason()).isEqualTo(EndReason.END_OF_DATA);
  }

  @Test
  void resetEndsTheConnectionAfterTheLinger() {
    List<Connection> connections =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromServer(1, SYN_ACK, SERVER_ISN, 0),
            fromClient(2, ACK, CLIENT_ISN + 1, 0),
            fromServer(3, RST_ACK, SERVER_ISN + 1, 0),
            // Within the linger: a second RST stays.
            fromServer(1_000, RST, SERVER_ISN + 1, 0),
            // After the linger: a data segment is a new (midstream) connection.
            fromClient(6_000, PSH_ACK, CLIENT_ISN + 1, 10));

    assertThat(connections).hasSize(2);
    assertThat(connections.get(0).packets()).isEqualTo(5);
    assertThat(connections.get(0).endReason()).isEqualTo(EndReason.RST);
    assertThat(connections.get(0).state()).isEqualTo(ConnectionState.RSTR);
    assertThat(connections.get(0).flags().rst()).isEqualTo(2);
    assertThat(connections.get(1).packets()).isEqualTo(1);
  }

  @Test
  void rejectedAndUnansweredAttemptsHaveTheirStates() {
    assertThat(
            track(fromClient(0, SYN, CLIENT_ISN, 0), fromServer(1, RST_ACK, 0, 0)).get(0).state())
        .isEqualTo(ConnectionState.REJ);
    List<Connection> unanswered =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromClient(1_000, SYN, CLIENT_ISN, 0),
            fromClient(3_000, SYN, CLIENT_ISN, 0));
    assertThat(unanswered).hasSize(1);
    assertThat(unanswered.get(0).state()).isEqualTo(ConnectionState.S0);
    // The repeated SYNs resend the sequence number the first one used.
    assertThat(unanswered.get(0).originator().retransmittedPackets()).isEqualTo(2);
    assertThat(
            track(
                    fromClient(0, SYN, CLIENT_ISN, 0),
                    fromServer(1, SYN_ACK, SERVER_ISN, 0),
                    fromClient(2, RST, CLIENT_ISN + 1, 0))
                .get(0)
                .state())
        .isEqualTo(ConnectionState.RSTO);
    assertThat(
            track(fromClient(0, SYN, CLIENT_ISN, 0), fromServer(1, SYN_ACK, SERVER_ISN, 0))
                .get(0)
                .state())
        .isEqualTo(ConnectionState.S1);
  }

  @Test
  void freshSynAfterTheEndStartsANewConnectionEvenWithinTheLinger() {
    List<Connection> connections =
        track(
            fromClient(0, SYN, CLIENT_ISN, 0),
            fromServer(1, SYN_ACK, SERVER_ISN, 0),
            fromClient(2, FIN_ACK, CLIENT_ISN + 1, 0),
            fromServer(3, FIN_ACK, SERVER_ISN + 1, 0),
            fromClient(4, ACK, CLIENT_ISN + 2, 0),
            // The same ports again 100 ms later: port reuse, a new connection.
            fromClient(100, SYN, 7_000_000, 0),
            fromServer(101, SYN_ACK, 9_000_000, 0));

    assertThat(connections).hasSize(2);
    assertThat(connections.get(0).packets()).isEqualTo(5);
    assertThat(connections.get(0).endReason()).isEqualTo(EndReason.FIN);
    assertThat(connections.get(1).packets()).isEqualTo(2);
    assertThat(connections.get(1).startNanos()).isEqualTo(at(100));
    assertThat(connections.get(1).state()).isEqualTo(ConnectionState.S1);
    assertThat(connections.get(1).connectionId()).isNotEqualTo(connections.get(0).connectionId());
  }

  @Test
  void synOnAnOpenConnectionDoesNotSplitIt() {
    assertThat(
            track(
                fromClient(0, SYN, CLIENT_ISN, 0),
                fromServer(1, SYN_ACK, SERVER_ISN, 0),
                fromClient(2, SYN, CLIENT_ISN, 0)))
        .hasSize(1);
  }

  @Test
  void retransmissionIsResentDataNotNewData() {
    List<Connection> connections =
        track(
            fromClient(0, PSH_ACK, CLIENT_ISN, 100),
            fromClient(1, PSH_ACK, CLIENT_ISN + 100, 100),
            // The first segment again, 200 ms later: retransmitted.
            fromClient(200, PSH_ACK, CLIENT_ISN, 100),
            // New data continues from the highest end.
            fromClient(201, PSH_ACK, CLIENT_ISN + 200, 100),
            // Repacketised: starts below the highest end and goes beyond it.
            fromClient(400, PSH_ACK, CLIENT_ISN + 250, 100),
            // Pure ACKs and window probes without payload consume no sequence space.
            fromClient(401, ACK, CLIENT_ISN + 100, 0),
            fromServer(402, ACK, SERVER_ISN, 0));

    Connection connection = connections.get(0);
    assertThat(connection.originator().retransmittedPackets()).isEqualTo(2);
    assertThat(connection.originator().outOfOrderPackets()).isZero();
    assertThat(connection.responder().retransmittedPackets()).isZero();
    assertThat(connection.sequencePackets()).isEqualTo(5);
  }

  @Test
  void segmentFillingAFreshGapIsOutOfOrderButALateFillIsARetransmission() {
    List<Connection> reordered =
        track(
            fromClient(0, PSH_ACK, CLIENT_ISN, 100),
            // Skips [1100, 1200): a gap opens.
            fromClient(10, PSH_ACK, CLIENT_ISN + 200, 100),
            // The missing segment 1 ms later: out of order.
            fromClient(11, PSH_ACK, CLIENT_ISN + 100, 100));
    assertThat(reordered.get(0).originator().outOfOrderPackets()).isEqualTo(1);
    assertThat(reordered.get(0).originator().retransmittedPackets()).isZero();

    List<Connection> lost =
        track(
            fromClient(0, PSH_ACK, CLIENT_ISN, 100),
            fromClient(10, PSH_ACK, CLIENT_ISN + 200, 100),
            // The missing segment after a retransmission timeout: the sender resent it.
            fromClient(310, PSH_ACK, CLIENT_ISN + 100, 100),
            // The gap is closed: sending it once more is a retransmission too.
            fromClient(311, PSH_ACK, CLIENT_ISN + 100, 100));
    assertThat(lost.get(0).originator().outOfOrderPackets()).isZero();
    assertThat(lost.get(0).originator().retransmittedPackets()).isEqualTo(2);
  }

  @Test
  void sequenceNumbersWrapAround() {
    long nearTheEnd = 4_294_967_246L; // 2^32 - 50
    List<Connection> connections =
        track(
            fromClient(0, PSH_ACK, nearTheEnd, 100),
            // 2^32 - 50 + 100 wraps to 50: new data, not a retransmission.
            fromClient(1, PSH_ACK, 50, 100),
            fromClient(2, PSH_ACK, 150, 100),
            // The segment before the wrap, again.
            fromClient(300, PSH_ACK, nearTheEnd, 100));

    assertThat(connections.get(0).originator().retransmittedPackets()).isEqualTo(1);
    assertThat(connections.get(0).originator().outOfOrderPackets()).isZero();
  }

  @Test
  void nonFirstFragmentsJoinTheConnectionOfTheirFirstFragment() {
    List<Connection> connections =
        track(
            udpFragment(0, 77, 0, true),
            udpFragment(1, 77, 1480, true),
            udpFragment(2, 77, 2960, false),
            udp(3, SERVER, 2049, CLIENT, CLIENT_PORT, 100),
            // A fragment whose first fragment was never seen: a connection without ports.
            udpFragment(4, 78, 1480, false),
            // A fragment of datagram 77 after the 30 s fragment timeout does not join it.
            udpFragment(40_000, 77, 4440, false));

    List<Connection> withPorts =
        connections.stream().filter(connection -> connection.originatorPort() != null).toList();
    assertThat(withPorts).hasSize(1);
    assertThat(withPorts.get(0).originatorPort()).isEqualTo(CLIENT_PORT);
    assertThat(withPorts.get(0).responderPort()).isEqualTo(2049);
    assertThat(withPorts.get(0).originator().packets()).isEqualTo(3);
    assertThat(withPorts.get(0).responder().packets()).isEqualTo(1);
    assertThat(withPorts.get(0).fragmentedPackets()).isEqualTo(3);
    assertThat(withPorts.get(0).state()).isEqualTo(ConnectionState.SF);

    List<Connection> portless =
        connections.stream().filter(connection -> connection.originatorPort() == null).toList();
    assertThat(portless).hasSize(1);
    assertThat(portless.get(0).packets()).isEqualTo(2);
    assertThat(portless.get(0).fragmentedPackets()).isEqualTo(2);
    assertThat(portless.get(0).responderPort()).isNull();
  }

  @Test
  void icmpRequestAndReplyAreOneConnectionShowingTypeAndCode() {
    List<Connection> connections =
        track(
            icmp(0, CLIENT, SERVER, 8, 0),
            icmp(1, SERVER, CLIENT, 0, 0),
            icmp(1000, CLIENT, SERVER, 8, 0),
            icmp(1001, SERVER, CLIENT, 0, 0),
            icmp(2000, SERVER, CLIENT, 3, 3));

    assertThat(connections).hasSize(2);
    Connection echo = byProtocol(connections, IpProtocols.ICMP).get(0);
    assertThat(echo.packets()).isEqualTo(4);
    assertThat(echo.originatorAddress()).isEqualTo(CLIENT);
    assertThat(echo.originatorPort()).isEqualTo(8);
    assertThat(echo.responderPort()).isZero();
    assertThat(echo.state()).isEqualTo(ConnectionState.SF);
    Connection unreachable = byProtocol(connections, IpProtocols.ICMP).get(1);
    assertThat(unreachable.originatorAddress()).isEqualTo(SERVER);
    assertThat(unreachable.originatorPort()).isEqualTo(3);
    assertThat(unreachable.responderPort()).isEqualTo(3);
  }

  @Test
  void finishTellsIdleFromEndOfData() {
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(FlowTimeouts.defaults(), connections::add);
    tracker.accept(udp(0, CLIENT, 1, SERVER, 2, 10));
    tracker.accept(fromClient(0, PSH_ACK, CLIENT_ISN, 10));
    // The data read goes on for two more minutes, in other flows.
    tracker.finish(at(2 * MINUTE));

    assertThat(byProtocol(connections, IpProtocols.UDP).get(0).endReason())
        .isEqualTo(EndReason.IDLE_TIMEOUT);
    assertThat(byProtocol(connections, IpProtocols.TCP).get(0).endReason())
        .isEqualTo(EndReason.END_OF_DATA);
  }

  @Test
  void memoryHoldsOnlyActiveConnectionsAndConstantStatePerConnection() {
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(FlowTimeouts.defaults(), connections::add);
    int maximum = 0;
    long sequence = CLIENT_ISN;
    // One long flow of two million segments 10 ms apart, and a new one-packet UDP flow every
    // 10 s beside it.
    for (int packet = 0; packet < 2_000_000; packet++) {
      tracker.accept(fromClient(packet * 10L, PSH_ACK, sequence, 10));
      sequence += 10;
      if (packet % 1000 == 0) {
        tracker.accept(udp(packet * 10L, CLIENT, 10_000 + packet / 1000, SERVER, 53, 30));
      }
      maximum = Math.max(maximum, tracker.activeConnections());
    }
    tracker.finish();

    // 20,000 seconds of traffic, one UDP flow per 10 s, each idle after 60 s.
    assertThat(maximum).isLessThanOrEqualTo(8);
    Connection tcp = byProtocol(connections, IpProtocols.TCP).get(0);
    assertThat(tcp.packets()).isEqualTo(2_000_000);
    assertThat(tcp.originator().retransmittedPackets()).isZero();
    assertThat(byProtocol(connections, IpProtocols.UDP)).hasSize(2000);
  }

  @Test
  void closedConnectionsLeaveMemoryWhenTheirLingerIsOver() {
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(FlowTimeouts.defaults(), connections::add);
    int maximum = 0;
    // A short connection every 100 ms for 10 minutes, each closed by FIN both ways.
    for (int connection = 0; connection < 6000; connection++) {
      long time = connection * 100L;
      int port = 20_000 + connection;
      tracker.accept(Packets.tcp(time, CLIENT, port, SERVER, 80, SYN, CLIENT_ISN, 0));
      tracker.accept(Packets.tcp(time + 1, SERVER, 80, CLIENT, port, SYN_ACK, SERVER_ISN, 0));
      tracker.accept(Packets.tcp(time + 2, CLIENT, port, SERVER, 80, FIN_ACK, CLIENT_ISN + 1, 0));
      tracker.accept(Packets.tcp(time + 3, SERVER, 80, CLIENT, port, FIN_ACK, SERVER_ISN + 1, 0));
      tracker.accept(Packets.tcp(time + 4, CLIENT, port, SERVER, 80, ACK, CLIENT_ISN + 2, 0));
      maximum = Math.max(maximum, tracker.activeConnections());
    }
    tracker.finish();

    // The 5 s linger holds about 50 closed connections, not the 3000 of a 5 minute timeout.
    assertThat(maximum).isLessThanOrEqualTo(52);
    assertThat(connections).hasSize(6000);
    assertThat(connections)
        .allMatch(
            connection ->
                connection.packets() == 5
                    && connection.endReason() == EndReason.FIN
                    && connection.state() == ConnectionState.SF);
  }

  @Test
  void flowKeyIsCanonical() {
    assertThat(FlowKey.of(6, SERVER, 80, CLIENT, 40000))
        .isEqualTo(FlowKey.of(6, CLIENT, 40000, SERVER, 80));
    assertThatThrownBy(() -> new FlowKey(6, SERVER, 80, CLIENT, 40000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot create flow key: endpoints 10.0.0.2/80 and 10.0.0.1/40000 are not in canonical"
                + " order");
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> FlowTimeouts.defaults().withLinger(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot use flow timeouts: linger is not positive: PT0S");
  }

  private static List<Connection> byProtocol(List<Connection> connections, int protocol) {
    return connections.stream()
        .filter(connection -> connection.protocol() == protocol)
        .sorted(Comparator.comparingLong(Connection::startNanos))
        .toList();
  }

  private static List<Connection> track(FlowPacket... packets) {
    return track(FlowTimeouts.defaults(), packets);
  }

  private static List<Connection> track(FlowTimeouts timeouts, FlowPacket... packets) {
    List<FlowPacket> ordered = new ArrayList<>(List.of(packets));
    ordered.sort(Comparator.comparingLong(FlowPacket::timestampNanos));
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(timeouts, connections::add);
    ordered.forEach(tracker::accept);
    tracker.finish();
    connections.sort(Comparator.comparingLong(Connection::startNanos));
    return connections;
  }
}
