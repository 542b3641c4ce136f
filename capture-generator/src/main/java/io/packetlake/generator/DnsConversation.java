package io.packetlake.generator;

import static io.packetlake.generator.Traffic.MICROSECOND;
import static io.packetlake.generator.Traffic.MILLISECOND;
import static io.packetlake.generator.Traffic.SECOND;

import io.packetlake.pcap.decode.IpProtocols;

/**
 * A client's DNS lookup at the site's resolver over UDP port 53: a single query, an A and AAAA pair
 * sent together, a lookup of a name that does not exist, or a TXT lookup whose answer is too large
 * for one packet and arrives as IP fragments (IPv4, or IPv6 with a Fragment header).
 */
final class DnsConversation extends Conversation {
  /** What the client looks up. */
  enum Kind {
    ADDRESS,
    ADDRESS_PAIR,
    MISSING,
    LARGE_TEXT
  }

  static final int PORT = 53;

  private static final int QUERY = 0;
  private static final int RESPONSE = 1;
  private static final int FRAGMENT = 2;
  private static final int IPV4_FRAGMENT_PAYLOAD = 1500 - 20;
  private static final int IPV6_FRAGMENT_PAYLOAD = (1500 - 40 - 8) & ~7;
  private static final int TXT_STRING = 255;

  private final Traffic traffic;
  private final Link link;
  private final Host target;
  private final String name;
  private final String alias;
  private final int clientPort;
  private final int[] types;
  private final int[] identifiers;
  private final boolean edns;
  private final int timeToLive;
  private final int responseCode;
  private final int extraAddresses;
  private final int[] stepKinds;
  private final int[] stepArguments;
  private final long estimatedBytes;
  private int step;

  private byte[] datagram;
  private int fragmentPayload;
  private int fragmentIdentification;

  DnsConversation(Traffic traffic, Kind kind, IpPreference preference) {
    this.traffic = traffic;
    Network network = traffic.network;
    Host client =
        preference.pick(
            network.pickClient(traffic.random), () -> network.pickClient(traffic.random));
    boolean preferIpv6 = preference == IpPreference.IPV6;
    boolean ipv6 =
        client.hasIpv6() && preference != IpPreference.IPV4 && (preferIpv6 || traffic.chance(0.3));
    this.link = new Link(client, network.resolver(), ipv6, 0, traffic.random);
    this.clientPort = traffic.ephemeralPort(client);
    this.target = network.pickServer(traffic.random);
    this.timeToLive = traffic.random.nextInt(30, 3_600);
    this.edns = kind == Kind.LARGE_TEXT || traffic.chance(0.5);
    this.alias =
        kind != Kind.MISSING && traffic.chance(0.3) ? Names.aliasName(traffic.random) : null;
    this.extraAddresses = traffic.chance(0.4) ? traffic.random.nextInt(1, 4) : 0;
    this.responseCode = kind == Kind.MISSING ? DnsMessages.NAME_ERROR : DnsMessages.NO_ERROR;
    this.name = kind == Kind.MISSING ? Names.missingName(traffic.random) : target.name();
    this.identifiers = new int[] {traffic.random.nextInt(1 << 16), traffic.random.nextInt(1 << 16)};
    switch (kind) {
      case ADDRESS_PAIR -> {
        types = new int[] {DnsMessages.TYPE_A, DnsMessages.TYPE_AAAA};
        stepKinds = new int[] {QUERY, QUERY, RESPONSE, RESPONSE};
        stepArguments = new int[] {0, 1, 0, 1};
      }
      case LARGE_TEXT -> {
        types = new int[] {DnsMessages.TYPE_TXT};
        datagram = largeResponseDatagram(traffic.random.nextInt(1_600, 9_000));
        fragmentPayload = ipv6 ? IPV6_FRAGMENT_PAYLOAD : IPV4_FRAGMENT_PAYLOAD;
        fragmentIdentification = traffic.random.nextInt();
        int fragments = (datagram.length + fragmentPayload - 1) / fragmentPayload;
        stepKinds = new int[1 + fragments];
        stepArguments = new int[1 + fragments];
        for (int index = 1; index <= fragments; index++) {
          stepKinds[index] = FRAGMENT;
          stepArguments[index] = index - 1;
        }
      }
      default -> {
        types = new int[] {traffic.chance(0.85) ? DnsMessages.TYPE_A : DnsMessages.TYPE_AAAA};
        boolean retried = traffic.chance(0.03);
        stepKinds = retried ? new int[] {QUERY, QUERY, RESPONSE} : new int[] {QUERY, RESPONSE};
        stepArguments = new int[stepKinds.length];
      }
    }
    long frames = (long) stepKinds.length * (ipv6 ? 110 : 90);
    this.estimatedBytes = datagram == null ? frames : frames + datagram.length;
  }

  @Override
  long estimatedPackets() {
    return stepKinds.length;
  }

  @Override
  long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  int writeNext(PacketBuilder builder) {
    int kind = stepKinds[step];
    int argument = stepArguments[step];
    int length =
        switch (kind) {
          case QUERY -> writeQuery(builder, argument);
          case RESPONSE -> writeResponse(builder, argument);
          default -> writeFragment(builder, argument);
        };
    step++;
    if (step == stepKinds.length) {
      end();
    } else {
      advance(delayBefore(stepKinds[step], kind));
    }
    return length;
  }

  private long delayBefore(int next, int previous) {
    if (next == FRAGMENT) {
      return previous == QUERY
          ? resolutionDelay()
          : traffic.random.nextLong(5 * MICROSECOND, 20 * MICROSECOND);
    }
    if (next == RESPONSE) {
      return previous == RESPONSE
          ? traffic.random.nextLong(20 * MICROSECOND, 200 * MICROSECOND)
          : resolutionDelay();
    }
    if (stepArguments[step] == stepArguments[step - 1]) {
      // The same query again: the stub resolver timed out.
      return SECOND;
    }
    return traffic.random.nextLong(30 * MICROSECOND, 100 * MICROSECOND);
  }

  private long resolutionDelay() {
    long answer = traffic.answerDelay(link.second());
    if (traffic.chance(0.7)) {
      return answer + traffic.random.nextLong(50 * MICROSECOND, MILLISECOND);
    }
    return answer + traffic.logNormal(20 * MILLISECOND, 1.0, MILLISECOND, 2 * SECOND);
  }

  private int writeQuery(PacketBuilder builder, int query) {
    link.begin(builder, true, IpProtocols.UDP);
    builder.udp(clientPort, PORT);
    byte[] target = builder.buffer();
    int at = builder.payloadOffset();
    int position =
        DnsMessages.writeHeader(
            target, at, identifiers[query], DnsMessages.QUERY_FLAGS, 1, 0, 0, edns ? 1 : 0);
    position = DnsMessages.writeQuestion(target, position, name, types[query]);
    if (edns) {
      position = DnsMessages.writeOpt(target, position, datagram == null ? 1_232 : 4_096);
    }
    return builder.finish(position - at);
  }

  private int writeResponse(PacketBuilder builder, int query) {
    link.begin(builder, false, IpProtocols.UDP);
    builder.udp(PORT, clientPort);
    byte[] target = builder.buffer();
    int at = builder.payloadOffset();
    int type = types[query];
    int addresses = 0;
    if (responseCode == DnsMessages.NO_ERROR) {
      if (type == DnsMessages.TYPE_A) {
        addresses = 1 + extraAddresses;
      } else if (this.target.hasIpv6()) {
        addresses = 1;
      }
    }
    boolean withAlias = alias != null && addresses > 0;
    int answers = addresses + (withAlias ? 1 : 0);
    int position =
        DnsMessages.writeHeader(
            target,
            at,
            identifiers[query],
            DnsMessages.RESPONSE_FLAGS | responseCode,
            1,
            answers,
            0,
            edns ? 1 : 0);
    position = DnsMessages.writeQuestion(target, position, name, type);
    int owner = DnsMessages.QUESTION_NAME_OFFSET;
    if (withAlias) {
      position =
          DnsMessages.writeRecordHeader(
              target, position, owner, DnsMessages.TYPE_CNAME, timeToLive, Names.wireLength(alias));
      owner = position - at;
      position = Names.writeWire(alias, target, position);
    }
    for (int index = 0; index < addresses; index++) {
      if (type == DnsMessages.TYPE_A) {
        position = DnsMessages.writeRecordHeader(target, position, owner, type, timeToLive, 4);
        int address = index == 0 ? this.target.ipv4() : Network.publicAddress(traffic.random);
        DnsMessages.putInt(target, position, address);
        position += 4;
      } else {
        position = DnsMessages.writeRecordHeader(target, position, owner, type, timeToLive, 16);
        DnsMessages.putLong(target, position, this.target.ipv6High());
        DnsMessages.putLong(target, position + 8, this.target.ipv6Low());
        position += 16;
      }
    }
    if (edns) {
      position = DnsMessages.writeOpt(target, position, 1_232);
    }
    return builder.finish(position - at);
  }

  /**
   * Builds the UDP datagram (header included, checksum over the pseudo-header of the whole
   * datagram) of a TXT answer of about {@code size} bytes, to be cut into fragments.
   */
  private byte[] largeResponseDatagram(int size) {
    PacketBuilder scratch = traffic.scratchBuilder;
    link.begin(scratch, false, IpProtocols.UDP);
    scratch.udp(PORT, clientPort);
    byte[] target = scratch.buffer();
    int at = scratch.payloadOffset();
    int questionLength = Names.wireLength(name) + 4;
    int room = size - DnsMessages.HEADER_LENGTH - questionLength - DnsMessages.OPT_LENGTH;
    // Records of up to three 255-character strings each.
    int recordData = 3 * (TXT_STRING + 1);
    int records = Math.max(1, room / (12 + recordData));
    int position =
        DnsMessages.writeHeader(
            target, at, identifiers[0], DnsMessages.RESPONSE_FLAGS, 1, records, 0, 1);
    position = DnsMessages.writeQuestion(target, position, name, DnsMessages.TYPE_TXT);
    long textPosition = traffic.random.nextLong();
    for (int record = 0; record < records; record++) {
      position =
          DnsMessages.writeRecordHeader(
              target,
              position,
              DnsMessages.QUESTION_NAME_OFFSET,
              DnsMessages.TYPE_TXT,
              timeToLive,
              recordData);
      for (int string = 0; string < 3; string++) {
        target[position++] = (byte) TXT_STRING;
        traffic.payloads.copyText(textPosition, target, position, TXT_STRING);
        textPosition += TXT_STRING;
        position += TXT_STRING;
      }
    }
    position = DnsMessages.writeOpt(target, position, 4_096);
    scratch.finish(position - at);
    int udpAt = at - PacketBuilder.UDP_HEADER_LENGTH;
    return java.util.Arrays.copyOfRange(target, udpAt, position);
  }

  private int writeFragment(PacketBuilder builder, int index) {
    int offset = index * fragmentPayload;
    int length = Math.min(fragmentPayload, datagram.length - offset);
    boolean more = offset + length < datagram.length;
    link.beginFragment(builder, false, IpProtocols.UDP, fragmentIdentification, offset, more);
    System.arraycopy(datagram, offset, builder.buffer(), builder.payloadOffset(), length);
    return builder.finish(length);
  }
}
