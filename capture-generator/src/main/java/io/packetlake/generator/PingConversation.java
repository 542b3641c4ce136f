package io.packetlake.generator;

import static io.packetlake.generator.Traffic.SECOND;

import io.packetlake.pcap.decode.IpProtocols;

/**
 * A run of echo requests one second apart (ICMP, or ICMPv6 over IPv6), each answered by an echo
 * reply carrying the same data unless it is lost. Windows hosts send the 32-byte alphabet payload
 * of {@code ping.exe}; others the 56 bytes of iputils {@code ping}: a timeval followed by bytes
 * counting up from 0x10.
 */
final class PingConversation extends Conversation {
  private static final byte[] WINDOWS_PAYLOAD =
      "abcdefghijklmnopqrstuvwabcdefghi".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int UNIX_PAYLOAD_LENGTH = 56;

  private final Traffic traffic;
  private final Link link;
  private final boolean windows;
  private final int identifier;
  private final int count;
  private final double lossRate;
  private int sequence;
  private int sent;
  private boolean replyDue;
  private long requestTime;

  PingConversation(Traffic traffic, IpPreference preference) {
    this.traffic = traffic;
    Network network = traffic.network;
    boolean preferIpv6 = preference == IpPreference.IPV6;
    Host client =
        preference.pick(
            network.pickClient(traffic.random), () -> network.pickClient(traffic.random));
    int roll = traffic.random.nextInt(100);
    Host target =
        preference.pick(
            roll < 60
                ? network.pickServer(traffic.random)
                : roll < 90 ? network.pickLocalPeer(traffic.random, client) : network.resolver(),
            () -> network.pickServer(traffic.random));
    boolean ipv6 =
        client.hasIpv6()
            && target.hasIpv6()
            && preference != IpPreference.IPV4
            && (preferIpv6 || traffic.chance(0.4));
    this.link = new Link(client, target, ipv6, 0, traffic.random);
    this.windows = client.stack() == HostStack.WINDOWS;
    this.identifier = windows ? 1 : traffic.random.nextInt(1 << 16);
    this.count = traffic.chance(0.7) ? 4 : traffic.random.nextInt(1, 11);
    this.lossRate = traffic.chance(0.1) ? 0.5 : 0.02;
    this.sequence = windows ? traffic.random.nextInt(1, 5_000) : 1;
  }

  @Override
  long estimatedPackets() {
    return 2L * count;
  }

  @Override
  long estimatedBytes() {
    return 2L * count * (link.ipv6() ? 118 : 98);
  }

  @Override
  int writeNext(PacketBuilder builder) {
    boolean reply = replyDue;
    link.begin(builder, !reply, link.ipv6() ? IpProtocols.ICMPV6 : IpProtocols.ICMP);
    builder.icmpEcho(reply, identifier, sequence & 0xFFFF);
    if (!reply) {
      requestTime = time();
    }
    int length = builder.finish(writePayload(builder.buffer(), builder.payloadOffset()));
    boolean lost = !reply && traffic.chance(lossRate);
    if (!reply && !lost) {
      replyDue = true;
      advance(traffic.answerDelay(link.second()));
      return length;
    }
    replyDue = false;
    sequence++;
    sent++;
    if (sent == count) {
      end();
    } else {
      advance(requestTime + SECOND - time());
    }
    return length;
  }

  private int writePayload(byte[] target, int at) {
    if (windows) {
      System.arraycopy(WINDOWS_PAYLOAD, 0, target, at, WINDOWS_PAYLOAD.length);
      return WINDOWS_PAYLOAD.length;
    }
    // struct timeval in little-endian host order, as iputils writes it.
    long seconds = requestTime / SECOND;
    long micros = (requestTime % SECOND) / 1_000;
    for (int index = 0; index < 8; index++) {
      target[at + index] = (byte) (seconds >>> (8 * index));
      target[at + 8 + index] = (byte) (micros >>> (8 * index));
    }
    for (int index = 16; index < UNIX_PAYLOAD_LENGTH; index++) {
      target[at + index] = (byte) index;
    }
    return UNIX_PAYLOAD_LENGTH;
  }
}
