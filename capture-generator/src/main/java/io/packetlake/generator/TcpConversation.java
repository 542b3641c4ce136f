package io.packetlake.generator;

import static io.packetlake.generator.Traffic.MICROSECOND;
import static io.packetlake.generator.Traffic.MILLISECOND;
import static io.packetlake.generator.Traffic.SECOND;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;

/**
 * One TCP connection of an HTTP or TLS client, as seen at the capture point.
 *
 * <p>Most connections open with a three-way handshake, exchange one or more request/response pairs
 * and close with a FIN from each side. Some are refused (SYN answered by RST), some never answered
 * (SYN retried, then given up), some reset after their data and some left open. Each message is cut
 * into segments of at most the negotiated MSS and sent in bursts that double up to {@value
 * #MAXIMUM_WINDOW_SEGMENTS} segments; the receiver acknowledges every second segment of a burst,
 * leaving the last one to the piggybacked ACK of its answer. The last segment of a message carries
 * PSH. On a lossy path a segment is sent again after the retransmission timeout, with the same
 * sequence range and bytes.
 *
 * <p>Payloads: port 443 carries one TLS application-data record (RFC 8446 section 5.1) per segment,
 * port 80 HTTP/1.1 messages with exact Content-Length, so dissectors find whole records.
 */
final class TcpConversation extends Conversation {
  static final int HTTP_PORT = 80;
  static final int TLS_PORT = 443;

  private static final int MAXIMUM_WINDOW_SEGMENTS = 64;
  private static final int INITIAL_WINDOW_SEGMENTS = 10;
  // A message's last segment is at least this long, so it holds a whole TLS record.
  private static final int MINIMUM_LAST_SEGMENT = 32;
  private static final int MAXIMUM_EXCHANGES = 24;
  private static final int MAXIMUM_COOKIE = 4_000;

  private enum Phase {
    SYN,
    REFUSAL,
    SYN_ACK,
    HANDSHAKE_ACK,
    DATA,
    RETRANSMISSION,
    ACKNOWLEDGMENTS,
    FIN,
    FIN_ACK,
    SECOND_FIN,
    LAST_ACK,
    RESET
  }

  private enum Ending {
    CLOSE,
    RESET,
    LEFT_OPEN
  }

  private final Traffic traffic;
  private final Link link;
  private final Host client;
  private final Host server;
  private final int clientPort;
  private final int serverPort;
  private final boolean tls;
  private final int clientMaximumSegment;
  private final int serverMaximumSegment;
  private final int segmentSize;
  private final int clientWindow;
  private final int serverWindow;
  private final double lossRate;
  private final long segmentGap;
  private final boolean answered;
  private final boolean refused;
  private final Ending ending;
  private final boolean clientCloses;
  private final boolean combinedFin;
  private final int[] requestLengths;
  private final int[] responseLengths;
  private final long estimatedPackets;
  private final long estimatedBytes;

  private Phase phase = Phase.SYN;
  private int synsSent;
  private int clientSequence;
  private int serverSequence;
  private int clientBurst = INITIAL_WINDOW_SEGMENTS;
  private int serverBurst = INITIAL_WINDOW_SEGMENTS;

  private int exchange;
  private boolean fromClient;
  private int messageSequence;
  private long messageLength;
  private long messageOffset;
  private int headerLength;
  private long streamPosition;
  private long pathSeed;
  private int cookieLength;
  private long bodyLength;
  private int status;

  private int burstSize;
  private int burstSent;
  private long burstStartOffset;
  private long acknowledgedOffset;
  private int acknowledgmentsLeft;
  private long lostOffset;
  private int lostLength;

  TcpConversation(Traffic traffic, boolean inbound) {
    this.traffic = traffic;
    Network network = traffic.network;
    if (inbound) {
      this.client = network.pickServer(traffic.random);
      this.server = network.pickClient(traffic.random);
    } else {
      this.client = network.pickClient(traffic.random);
      this.server = network.pickServer(traffic.random);
    }
    boolean ipv6 = client.hasIpv6() && server.hasIpv6() && traffic.chance(0.5);
    this.tls = traffic.chance(0.75);
    this.serverPort = tls ? TLS_PORT : HTTP_PORT;
    this.clientPort = traffic.ephemeralPort(client);
    int roll = traffic.random.nextInt(100);
    this.link =
        new Link(client, server, ipv6, roll < 5 ? 0x20 : roll < 8 ? 0x28 : 0, traffic.random);
    int pathMaximum = ipv6 ? 1440 : 1460;
    this.clientMaximumSegment = pathMaximum;
    this.serverMaximumSegment = traffic.chance(0.1) ? pathMaximum - 80 : pathMaximum;
    this.segmentSize = Math.min(clientMaximumSegment, serverMaximumSegment);
    this.clientWindow = client.stack().dataWindow + traffic.random.nextInt(64);
    this.serverWindow = server.stack().dataWindow + traffic.random.nextInt(64);
    this.lossRate = traffic.chance(0.2) ? 0.005 + 0.05 * traffic.random.nextDouble() : 0;
    this.segmentGap = traffic.logNormal(60 * MICROSECOND, 0.8, 5 * MICROSECOND, 5 * MILLISECOND);
    int outcome = traffic.random.nextInt(1000);
    this.answered = outcome >= 15;
    this.refused = outcome >= 15 && outcome < 45;
    this.ending = outcome < 850 ? Ending.CLOSE : outcome < 950 ? Ending.RESET : Ending.LEFT_OPEN;
    this.clientCloses = traffic.chance(0.6);
    this.combinedFin = traffic.chance(0.5);
    int exchanges = 1;
    while (exchanges < MAXIMUM_EXCHANGES && traffic.chance(0.6)) {
      exchanges++;
    }
    this.requestLengths = new int[exchanges];
    this.responseLengths = new int[exchanges];
    long payload = 0;
    long segments = 0;
    for (int index = 0; index < exchanges; index++) {
      requestLengths[index] =
          traffic.chance(0.05)
              ? (int) traffic.logNormal(30_000, 1.5, 2_000, traffic.maximumMessage)
              : (int) traffic.logNormal(450, 0.5, 120, 1_400);
      responseLengths[index] = (int) traffic.logNormal(3_500, 1.8, 64, traffic.maximumMessage);
      payload += requestLengths[index] + responseLengths[index];
      segments += segments(requestLengths[index]) + segments(responseLengths[index]);
    }
    this.clientSequence = traffic.random.nextInt();
    this.serverSequence = traffic.random.nextInt();
    if (!answered) {
      this.estimatedPackets = 3;
    } else if (refused) {
      this.estimatedPackets = 2;
    } else {
      this.estimatedPackets = 3 + segments + (segments + 1) / 2 + 4;
    }
    int headers = (client.local() ? client.vlanId() : server.vlanId()) == 0 ? 14 : 18;
    headers += (ipv6 ? 40 : 20) + 20;
    this.estimatedBytes =
        estimatedPackets * Math.max(60, headers) + (answered && !refused ? payload : 0);
  }

  private long segments(long length) {
    return (length + segmentSize - 1) / segmentSize;
  }

  @Override
  long estimatedPackets() {
    return estimatedPackets;
  }

  @Override
  long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  int writeNext(PacketBuilder builder) {
    return switch (phase) {
      case SYN -> writeSyn(builder);
      case REFUSAL -> writeRefusal(builder);
      case SYN_ACK -> writeSynAck(builder);
      case HANDSHAKE_ACK -> writeHandshakeAck(builder);
      case DATA -> writeData(builder);
      case RETRANSMISSION -> writeRetransmission(builder);
      case ACKNOWLEDGMENTS -> writeAcknowledgment(builder);
      case FIN -> writeFirstFin(builder);
      case FIN_ACK -> writeFinAcknowledgment(builder);
      case SECOND_FIN -> writeSecondFin(builder);
      case LAST_ACK -> writeLastAck(builder);
      case RESET -> writeReset(builder);
    };
  }

  private int writeSyn(PacketBuilder builder) {
    link.begin(builder, true, IpProtocols.TCP);
    builder.tcpSyn(
        clientPort,
        serverPort,
        clientSequence,
        0,
        TcpFlags.SYN,
        client.stack().synWindow,
        clientMaximumSegment,
        client.stack().windowScale);
    int length = builder.finish(0);
    synsSent++;
    if (synsSent == 1) {
      traffic.observer.tcpConnectionStarted();
    } else {
      traffic.observer.tcpSegmentResent();
    }
    if (!answered) {
      if (synsSent < 3) {
        // The SYN retransmission timer starts at one second and doubles (RFC 6298).
        advance(SECOND << (synsSent - 1));
      } else {
        end();
      }
      return length;
    }
    clientSequence++;
    phase = refused ? Phase.REFUSAL : Phase.SYN_ACK;
    advance(traffic.answerDelay(server));
    return length;
  }

  private int writeRefusal(PacketBuilder builder) {
    link.begin(builder, false, IpProtocols.TCP);
    builder.tcp(serverPort, clientPort, 0, clientSequence, TcpFlags.RST | TcpFlags.ACK, 0);
    end();
    return builder.finish(0);
  }

  private int writeSynAck(PacketBuilder builder) {
    link.begin(builder, false, IpProtocols.TCP);
    builder.tcpSyn(
        serverPort,
        clientPort,
        serverSequence,
        clientSequence,
        TcpFlags.SYN | TcpFlags.ACK,
        server.stack().synWindow,
        serverMaximumSegment,
        client.stack().windowScale < 0 ? -1 : server.stack().windowScale);
    serverSequence++;
    phase = Phase.HANDSHAKE_ACK;
    advance(traffic.answerDelay(client));
    return builder.finish(0);
  }

  private int writeHandshakeAck(PacketBuilder builder) {
    int length = writeBare(builder, true, TcpFlags.ACK);
    startMessage(true);
    advance(traffic.random.nextLong(20 * MICROSECOND, 300 * MICROSECOND));
    return length;
  }

  private int writeData(PacketBuilder builder) {
    long offset = messageOffset;
    int length = segmentLength(offset);
    int frameLength = writeSegment(builder, offset, length);
    messageOffset += length;
    burstSent++;
    if (lossRate > 0 && traffic.chance(lossRate)) {
      lostOffset = offset;
      lostLength = length;
      phase = Phase.RETRANSMISSION;
      advance(retransmissionTimeout());
      return frameLength;
    }
    afterSegment();
    return frameLength;
  }

  private int writeRetransmission(PacketBuilder builder) {
    int frameLength = writeSegment(builder, lostOffset, lostLength);
    traffic.observer.tcpSegmentResent();
    afterSegment();
    return frameLength;
  }

  private long retransmissionTimeout() {
    // RFC 6298 with Linux's 200 ms floor.
    return 200 * MILLISECOND + client.roundTripNanos() + server.roundTripNanos();
  }

  private void afterSegment() {
    boolean messageDone = messageOffset == messageLength;
    if (!messageDone && burstSent < burstSize) {
      phase = Phase.DATA;
      advance(segmentGap);
      return;
    }
    // Delayed ACKs: one per two segments; a request's odd last segment is acknowledged by the
    // response that follows it.
    acknowledgmentsLeft = messageDone && fromClient ? burstSent / 2 : (burstSent + 1) / 2;
    acknowledgedOffset = burstStartOffset;
    if (acknowledgmentsLeft > 0) {
      phase = Phase.ACKNOWLEDGMENTS;
      advance(traffic.answerDelay(fromClient ? server : client));
    } else {
      afterBurst();
    }
  }

  private int writeAcknowledgment(PacketBuilder builder) {
    for (int step = 0; step < 2 && acknowledgedOffset < messageOffset; step++) {
      acknowledgedOffset += segmentLength(acknowledgedOffset);
    }
    link.begin(builder, !fromClient, IpProtocols.TCP);
    int acknowledgment = messageSequence + (int) acknowledgedOffset;
    if (fromClient) {
      builder.tcp(
          serverPort, clientPort, serverSequence, acknowledgment, TcpFlags.ACK, serverWindow);
    } else {
      builder.tcp(
          clientPort, serverPort, clientSequence, acknowledgment, TcpFlags.ACK, clientWindow);
    }
    int length = builder.finish(0);
    acknowledgmentsLeft--;
    if (acknowledgmentsLeft > 0) {
      advance(2 * segmentGap);
    } else {
      afterBurst();
    }
    return length;
  }

  private void afterBurst() {
    if (messageOffset < messageLength) {
      if (fromClient) {
        clientBurst = Math.min(MAXIMUM_WINDOW_SEGMENTS, clientBurst * 2);
        burstSize = clientBurst;
      } else {
        serverBurst = Math.min(MAXIMUM_WINDOW_SEGMENTS, serverBurst * 2);
        burstSize = serverBurst;
      }
      burstSent = 0;
      burstStartOffset = messageOffset;
      phase = Phase.DATA;
      advance(traffic.answerDelay(fromClient ? client : server));
      return;
    }
    if (fromClient) {
      clientSequence = messageSequence + (int) messageLength;
      startMessage(false);
      advance(
          traffic.answerDelay(server)
              + traffic.logNormal(4 * MILLISECOND, 1.2, 50 * MICROSECOND, 3 * SECOND));
      return;
    }
    serverSequence = messageSequence + (int) messageLength;
    exchange++;
    if (exchange < requestLengths.length) {
      startMessage(true);
      advance(traffic.logNormal(80 * MILLISECOND, 1.6, MILLISECOND, 120 * SECOND));
      return;
    }
    switch (ending) {
      case CLOSE -> {
        phase = Phase.FIN;
        advance(closeDelay());
      }
      case RESET -> {
        phase = Phase.RESET;
        advance(closeDelay());
      }
      case LEFT_OPEN -> end();
    }
  }

  private long closeDelay() {
    if (clientCloses) {
      return traffic.logNormal(50 * MILLISECOND, 1.5, MILLISECOND, 30 * SECOND);
    }
    // Servers close idle keep-alive connections after their timeout.
    return traffic.logNormal(15 * SECOND, 0.6, 5 * SECOND, 75 * SECOND);
  }

  private int writeFirstFin(PacketBuilder builder) {
    int length = writeBare(builder, clientCloses, TcpFlags.FIN | TcpFlags.ACK);
    if (clientCloses) {
      clientSequence++;
    } else {
      serverSequence++;
    }
    phase = combinedFin ? Phase.SECOND_FIN : Phase.FIN_ACK;
    advance(traffic.answerDelay(clientCloses ? server : client));
    return length;
  }

  private int writeFinAcknowledgment(PacketBuilder builder) {
    int length = writeBare(builder, !clientCloses, TcpFlags.ACK);
    phase = Phase.SECOND_FIN;
    advance(traffic.logNormal(200 * MICROSECOND, 1.5, 10 * MICROSECOND, 2 * SECOND));
    return length;
  }

  private int writeSecondFin(PacketBuilder builder) {
    int length = writeBare(builder, !clientCloses, TcpFlags.FIN | TcpFlags.ACK);
    if (clientCloses) {
      serverSequence++;
    } else {
      clientSequence++;
    }
    phase = Phase.LAST_ACK;
    advance(traffic.answerDelay(clientCloses ? client : server));
    return length;
  }

  private int writeLastAck(PacketBuilder builder) {
    int length = writeBare(builder, clientCloses, TcpFlags.ACK);
    end();
    return length;
  }

  private int writeReset(PacketBuilder builder) {
    int length =
        writeBare(
            builder,
            clientCloses,
            traffic.chance(0.3) ? TcpFlags.RST : TcpFlags.RST | TcpFlags.ACK);
    end();
    return length;
  }

  /** A segment without payload from the client or the server. */
  private int writeBare(PacketBuilder builder, boolean fromClientSide, int flags) {
    link.begin(builder, fromClientSide, IpProtocols.TCP);
    int acknowledgment =
        (flags & TcpFlags.ACK) != 0 ? (fromClientSide ? serverSequence : clientSequence) : 0;
    if (fromClientSide) {
      builder.tcp(clientPort, serverPort, clientSequence, acknowledgment, flags, clientWindow);
    } else {
      builder.tcp(serverPort, clientPort, serverSequence, acknowledgment, flags, serverWindow);
    }
    return builder.finish(0);
  }

  private int writeSegment(PacketBuilder builder, long offset, int length) {
    link.begin(builder, fromClient, IpProtocols.TCP);
    int flags = TcpFlags.ACK | (offset + length == messageLength ? TcpFlags.PSH : 0);
    int sequence = messageSequence + (int) offset;
    if (fromClient) {
      builder.tcp(clientPort, serverPort, sequence, serverSequence, flags, clientWindow);
    } else {
      builder.tcp(serverPort, clientPort, sequence, clientSequence, flags, serverWindow);
    }
    writeMessageBytes(builder.buffer(), builder.payloadOffset(), offset, length);
    return builder.finish(length);
  }

  private int segmentLength(long offset) {
    long remaining = messageLength - offset;
    if (remaining <= segmentSize) {
      return (int) remaining;
    }
    if (remaining - segmentSize < MINIMUM_LAST_SEGMENT) {
      return (int) (remaining - MINIMUM_LAST_SEGMENT);
    }
    return segmentSize;
  }

  /** Starts the request (client) or response (server) of the current exchange. */
  private void startMessage(boolean client) {
    fromClient = client;
    messageSequence = client ? clientSequence : serverSequence;
    messageOffset = 0;
    burstStartOffset = 0;
    burstSent = 0;
    burstSize = client ? clientBurst : serverBurst;
    streamPosition = traffic.random.nextLong();
    phase = Phase.DATA;
    int planned = client ? requestLengths[exchange] : responseLengths[exchange];
    if (tls) {
      headerLength = 0;
      messageLength = planned;
      return;
    }
    byte[] text = traffic.text;
    if (client) {
      pathSeed = traffic.random.nextLong() & Long.MAX_VALUE;
      cookieLength = 0;
      bodyLength = planned > 1_400 ? planned : -1;
      headerLength = writeRequestHeader(text);
      if (bodyLength < 0) {
        int room = planned - headerLength - HttpMessages.cookieOverhead();
        cookieLength = room >= 8 ? Math.min(room, MAXIMUM_COOKIE) : 0;
        headerLength = writeRequestHeader(text);
      }
      messageLength = headerLength + Math.max(0, bodyLength);
    } else {
      int roll = traffic.random.nextInt(100);
      status =
          roll < 88
              ? HttpMessages.OK
              : roll < 96 ? HttpMessages.NOT_MODIFIED : HttpMessages.NOT_FOUND;
      bodyLength =
          switch (status) {
            case HttpMessages.NOT_MODIFIED -> 0;
            case HttpMessages.NOT_FOUND -> traffic.random.nextInt(150, 600);
            default -> planned;
          };
      headerLength = HttpMessages.writeResponseHeader(text, 0, status, bodyLength);
      messageLength = headerLength + bodyLength;
    }
  }

  private int writeRequestHeader(byte[] text) {
    String host = server.name().isEmpty() ? "intranet.example.internal" : server.name();
    return HttpMessages.writeRequestHeader(
        text, 0, host, pathSeed, cookieLength, bodyLength, traffic.payloads);
  }

  /** Writes bytes [offset, offset + length) of the current message: a function of the offset. */
  private void writeMessageBytes(byte[] target, int at, long offset, int length) {
    PayloadPool payloads = traffic.payloads;
    if (tls) {
      int recordLength = length - 5;
      target[at] = 23;
      target[at + 1] = 3;
      target[at + 2] = 3;
      target[at + 3] = (byte) (recordLength >>> 8);
      target[at + 4] = (byte) recordLength;
      payloads.copyBinary(streamPosition + offset, target, at + 5, recordLength);
      return;
    }
    int copied = 0;
    if (offset < headerLength) {
      byte[] text = traffic.text;
      if (fromClient) {
        writeRequestHeader(text);
      } else {
        HttpMessages.writeResponseHeader(text, 0, status, bodyLength);
      }
      copied = (int) Math.min(length, headerLength - offset);
      System.arraycopy(text, (int) offset, target, at, copied);
    }
    if (copied < length) {
      long bodyOffset = offset + copied - headerLength;
      if (!fromClient && status == HttpMessages.NOT_FOUND) {
        payloads.copyText(streamPosition + bodyOffset, target, at + copied, length - copied);
      } else {
        payloads.copyBinary(streamPosition + bodyOffset, target, at + copied, length - copied);
      }
    }
  }
}
