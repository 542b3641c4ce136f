package io.packetlake.generator;

import static io.packetlake.generator.Traffic.MICROSECOND;
import static io.packetlake.generator.Traffic.MILLISECOND;
import static io.packetlake.generator.Traffic.SECOND;

import io.packetlake.pcap.decode.IpProtocols;

/**
 * An NTPv4 client request and the server's reply (RFC 5905 section 7.3), over UDP port 123.
 *
 * <pre>
 *  0        1        2      3          4            8              12       16
 *  | LI VN Mode | stratum | poll | precision | root delay | root dispersion | ref id |
 *  16 reference | 24 origin | 32 receive | 40 transmit timestamps (64-bit NTP format) | 48
 * </pre>
 */
final class NtpConversation extends Conversation {
  static final int PORT = 123;

  private static final int LENGTH = 48;
  // Seconds from the NTP era (1900) to the Unix epoch.
  private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

  private final Traffic traffic;
  private final Link link;
  private final int clientPort;
  private final int poll;
  private final long clientClockError;
  private final int referenceId;
  private final int rootDelay;
  private final int rootDispersion;
  private boolean replyDue;
  private long clientTransmit;

  NtpConversation(Traffic traffic) {
    this.traffic = traffic;
    Network network = traffic.network;
    Host client = network.pickClient(traffic.random);
    this.link = new Link(client, network.pickTimeServer(traffic.random), false, 0, traffic.random);
    this.clientPort = traffic.chance(0.4) ? PORT : traffic.ephemeralPort(client);
    this.poll = traffic.random.nextInt(6, 11);
    this.clientClockError = traffic.random.nextLong(-50 * MILLISECOND, 50 * MILLISECOND);
    this.referenceId = Network.publicAddress(traffic.random);
    // 16.16 fixed-point seconds: a stratum 2 server a few milliseconds from its source.
    this.rootDelay = traffic.random.nextInt(0x0100, 0x1000);
    this.rootDispersion = traffic.random.nextInt(0x0100, 0x2000);
  }

  @Override
  long estimatedPackets() {
    return 2;
  }

  @Override
  long estimatedBytes() {
    return 2 * 90;
  }

  @Override
  int writeNext(PacketBuilder builder) {
    boolean reply = replyDue;
    link.begin(builder, !reply, IpProtocols.UDP);
    builder.udp(reply ? PORT : clientPort, reply ? clientPort : PORT);
    byte[] target = builder.buffer();
    int at = builder.payloadOffset();
    java.util.Arrays.fill(target, at, at + LENGTH, (byte) 0);
    if (reply) {
      long received = time() - traffic.random.nextLong(10 * MICROSECOND, 100 * MICROSECOND);
      target[at] = (byte) ((4 << 3) | 4);
      target[at + 1] = 2;
      target[at + 2] = (byte) poll;
      target[at + 3] = (byte) -24;
      DnsMessages.putInt(target, at + 4, rootDelay);
      DnsMessages.putInt(target, at + 8, rootDispersion);
      DnsMessages.putInt(target, at + 12, referenceId);
      DnsMessages.putLong(target, at + 16, ntpTimestamp(time() - 64 * SECOND));
      DnsMessages.putLong(target, at + 24, ntpTimestamp(clientTransmit));
      DnsMessages.putLong(target, at + 32, ntpTimestamp(received));
      DnsMessages.putLong(target, at + 40, ntpTimestamp(time()));
      end();
    } else {
      clientTransmit = time() + clientClockError;
      target[at] = (byte) ((4 << 3) | 3);
      target[at + 2] = (byte) poll;
      target[at + 3] = (byte) -20;
      DnsMessages.putLong(target, at + 40, ntpTimestamp(clientTransmit));
      replyDue = true;
      advance(traffic.answerDelay(link.second()));
    }
    return builder.finish(LENGTH);
  }

  private static long ntpTimestamp(long nanos) {
    long seconds = Math.floorDiv(nanos, SECOND) + NTP_EPOCH_OFFSET;
    long fraction = (Math.floorMod(nanos, SECOND) << 32) / SECOND;
    return (seconds << 32) | fraction;
  }
}
