package io.packetlake.jobs.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.packetlake.jobs.TestSessions;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CaptureReaders.OpenCapture;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compares our connections with tshark 4.0.17's TCP and UDP conversations ({@code tcp.stream},
 * {@code udp.stream} in {@code expected/<capture>.fields.tsv}) for every capture of the corpus: per
 * conversation and per sending endpoint, the frames and the sum of {@code frame.len}.
 *
 * <p>The tracker runs with idle timeouts and linger longer than any capture, so that only the rule
 * tshark also has splits a conversation: a fresh SYN after the end (port reuse). Both sides count
 * the same frames: TCP and UDP packets whose outer IP protocol is TCP or UDP and that are not IP
 * fragments. Fragments are left out because tshark reassembles them and counts only the frame that
 * completes a datagram in the conversation; tunnelled packets and ICMP errors because tshark's
 * first tcp/udp fields are then the inner packet's. Fragment attribution has its own tests ({@link
 * TestFlowTracker}, and {@link #fragmentsOfTheCorpusJoinTheirConnections}).
 *
 * <p>Differences fail the test with a report unless {@link #ALLOWED} lists the capture with the
 * reason; an entry that no longer differs fails the test too, so the list cannot go stale.
 */
final class TestTsharkConversations {
  private static final FlowTimeouts LONGER_THAN_ANY_CAPTURE =
      FlowTimeouts.defaults()
          .withIdle(Duration.ofDays(100_000))
          .withLinger(Duration.ofDays(100_000));

  /** Captures whose conversations legitimately differ from tshark's, with the reason. */
  private static final Map<String, String> ALLOWED =
      Map.of(
          "LINKTYPE_IPV6_invalid.pcap",
          "an IPv4 packet under LINKTYPE_IPV6: tshark stops at the link type and marks it"
              + " malformed, our decoder goes by the version nibble and sees a UDP packet",
          "bigtcp-ipv6.pcap",
          "BIG TCP IPv6 (payload length 0 and a Jumbo Payload option): tshark 4.0 marks the TCP"
              + " segment malformed and gives it no stream; our decoder reads the jumbogram",
          "tcp_header_heapoverflow.pcap",
          "fuzzed frame captured to 46 bytes: tshark prints the TCP ports but throws before"
              + " assigning a stream; we keep the ports and count the packet",
          "udp-length-heapoverflow.pcap",
          "fuzzed frame captured to 38 bytes with an impossible UDP length: tshark prints the"
              + " ports but assigns no stream; we keep the ports and count the packet");

  @Test
  void connectionsCountWhatTsharkConversationsCount() throws IOException {
    Path corpus = Path.of(TestSessions.corpus());
    assertThat(corpus).as("capture corpus (set -Dpacketlake.pcaps)").isDirectory();
    Path expected = corpus.resolve("expected");
    List<Path> captures;
    try (Stream<Path> files = Files.list(corpus)) {
      captures =
          files
              .filter(path -> Files.exists(expected.resolve(path.getFileName() + ".fields.tsv")))
              .sorted()
              .toList();
    }
    assertThat(captures).hasSizeGreaterThan(100);

    int compared = 0;
    long conversations = 0;
    long packets = 0;
    Map<String, String> differences = new TreeMap<>();
    for (Path capture : captures) {
      CaptureComparison comparison = compare(capture, expected);
      if (comparison == null) {
        continue;
      }
      compared++;
      conversations += comparison.conversations();
      packets += comparison.packets();
      if (!comparison.differences().isEmpty()) {
        differences.put(
            capture.getFileName().toString(), String.join("\n    ", comparison.differences()));
      }
    }
    System.out.printf(
        "tshark conversations: %s captures, %s conversations, %s packets compared, %s captures"
            + " differ (allowed: %s)%n",
        compared, conversations, packets, differences.size(), ALLOWED.keySet());

    List<String> problems = new ArrayList<>();
    differences.forEach(
        (capture, report) -> {
          if (!ALLOWED.containsKey(capture)) {
            problems.add(capture + ":\n    " + report);
          }
        });
    ALLOWED.keySet().stream()
        .filter(capture -> !differences.containsKey(capture))
        .forEach(capture -> problems.add(capture + ": allowed to differ but agrees (remove it)"));
    if (!problems.isEmpty()) {
      fail(problems.size() + " capture(s) differ from tshark:\n" + String.join("\n", problems));
    }
  }

  @Test
  void fragmentsOfTheCorpusJoinTheirConnections() throws IOException {
    Path capture = Path.of(TestSessions.corpus(), "ip-frag.pcap");
    List<FlowPacket> packets = new ArrayList<>();
    for (Frame frame : frames(capture)) {
      if (frame.packet() != null) {
        packets.add(frame.packet());
      }
    }
    // A fragment has an owner when the first fragment of its datagram is in the capture.
    Set<String> datagrams = new HashSet<>();
    long owned = 0;
    long fragments = 0;
    for (FlowPacket packet : packets) {
      if (!packet.fragment()) {
        continue;
      }
      fragments++;
      String datagram =
          packet.sourceAddress()
              + " "
              + packet.destinationAddress()
              + " "
              + packet.protocol()
              + " "
              + packet.ipIdentification();
      if (packet.isFirstFragment()) {
        datagrams.add(datagram);
      }
      if (datagrams.contains(datagram)) {
        owned++;
      }
    }
    List<Connection> connections = track(packets, FlowTimeouts.defaults());
    assertThat(owned).isGreaterThan(1000).isLessThan(fragments);
    assertThat(connections.stream().mapToLong(Connection::fragmentedPackets).sum())
        .isEqualTo(fragments);
    assertThat(
            connections.stream()
                .filter(connection -> connection.originatorPort() != null)
                .mapToLong(Connection::fragmentedPackets)
                .sum())
        .as("fragments in connections with ports")
        .isEqualTo(owned);
  }

  private static CaptureComparison compare(Path capture, Path expected) throws IOException {
    List<Frame> frames;
    try {
      frames = frames(capture);
    } catch (CorruptCaptureException e) {
      return null; // tshark rejected it too (see TsharkFidelityTest)
    }
    List<String> lines =
        Files.readAllLines(
            expected.resolve(capture.getFileName() + ".fields.tsv"), StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return null; // tshark printed nothing: it rejected the file
    }
    List<String> columns = List.of(lines.get(0).split("\t", -1));
    int frameLength = columns.indexOf("frame.len");
    int tcpStream = columns.indexOf("tcp.stream");
    int udpStream = columns.indexOf("udp.stream");

    Map<String, Conversation> theirs = new TreeMap<>();
    List<FlowPacket> compared = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    for (int index = 0; index < frames.size() && index + 1 < lines.size(); index++) {
      FlowPacket packet = frames.get(index).packet();
      if (!comparable(packet, frames.get(index).headers())) {
        continue;
      }
      String[] values = lines.get(index + 1).split("\t", -1);
      String stream = packet.protocol() == IpProtocols.TCP ? values[tcpStream] : values[udpStream];
      if (stream.isEmpty()) {
        differences.add(
            String.format("frame %s: ours is %s, tshark gives it no stream", index + 1, packet));
        continue;
      }
      compared.add(packet);
      theirs
          .computeIfAbsent(
              packet.protocol() + "/" + stream, key -> new Conversation(packet.timestampNanos()))
          .add(packet, Long.parseLong(values[frameLength]));
    }

    Map<String, List<String>> tsharkByEndpoints = new TreeMap<>();
    theirs.values().stream()
        .sorted(Comparator.comparingLong(Conversation::startNanos))
        .forEach(
            conversation ->
                tsharkByEndpoints
                    .computeIfAbsent(conversation.endpoints(), key -> new ArrayList<>())
                    .add(conversation.tallies()));
    compared.sort(Comparator.comparingLong(FlowPacket::timestampNanos));
    Map<String, List<String>> oursByEndpoints = new TreeMap<>();
    track(compared, LONGER_THAN_ANY_CAPTURE).stream()
        .sorted(Comparator.comparingLong(Connection::startNanos))
        .forEach(
            connection ->
                oursByEndpoints
                    .computeIfAbsent(endpoints(connection), key -> new ArrayList<>())
                    .add(tallies(connection)));

    for (String endpoints : union(tsharkByEndpoints, oursByEndpoints)) {
      List<String> tshark = tsharkByEndpoints.getOrDefault(endpoints, List.of());
      List<String> ours = oursByEndpoints.getOrDefault(endpoints, List.of());
      if (!tshark.equals(ours)) {
        differences.add(String.format("%s: tshark %s, ours %s", endpoints, tshark, ours));
      }
    }
    return new CaptureComparison(theirs.size(), compared.size(), differences);
  }

  private static boolean comparable(FlowPacket packet, PacketHeaders headers) {
    return packet != null
        && IpProtocols.hasPorts(packet.protocol())
        && !packet.fragment()
        && packet.sourcePort() >= 0
        && packet.destinationPort() >= 0
        && headers.tunnel().name().equals("NONE");
  }

  private static List<String> union(Map<String, ?> first, Map<String, ?> second) {
    TreeMap<String, Object> all = new TreeMap<>(first);
    all.putAll(second);
    return List.copyOf(all.keySet());
  }

  private static String endpoints(Connection connection) {
    return endpoints(
        connection.protocol(),
        connection.originatorAddress() + " " + connection.originatorPort(),
        connection.responderAddress() + " " + connection.responderPort());
  }

  private static String endpoints(int protocol, String first, String second) {
    return first.compareTo(second) <= 0
        ? IpProtocols.name(protocol) + " " + first + " <-> " + second
        : IpProtocols.name(protocol) + " " + second + " <-> " + first;
  }

  // Frames and bytes sent by the endpoint that sorts first, then by the other one.
  private static String tallies(Connection connection) {
    String originator = connection.originatorAddress() + " " + connection.originatorPort();
    String responder = connection.responderAddress() + " " + connection.responderPort();
    DirectionCounts first = connection.originator();
    DirectionCounts second = connection.responder();
    if (originator.compareTo(responder) > 0) {
      first = connection.responder();
      second = connection.originator();
    }
    return String.format(
        "%s/%s %s/%s", first.packets(), first.wireBytes(), second.packets(), second.wireBytes());
  }

  private static List<Connection> track(List<FlowPacket> packets, FlowTimeouts timeouts) {
    List<Connection> connections = new ArrayList<>();
    FlowTracker tracker = new FlowTracker(timeouts, connections::add);
    packets.forEach(tracker::accept);
    tracker.finish();
    return connections;
  }

  /** The frames tshark numbers (framed records), decoded; packet is null when not IP. */
  static List<Frame> frames(Path capture) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    List<Frame> frames = new ArrayList<>();
    try (OpenCapture open = CaptureReaders.openLocal(capture, FramingOptions.defaults())) {
      for (PacketRecord record = open.reader().next();
          record != null;
          record = open.reader().next()) {
        if (record.status() != FrameStatus.OK) {
          continue;
        }
        PacketHeaders headers =
            decoder.decode(record.linkType(), record.data(), record.originalLength());
        FlowPacket packet =
            record.hasTimestamp()
                ? FlowPacket.of(
                    record.timestampNanos(), record.originalLength(), headers, "capture")
                : null;
        frames.add(new Frame(headers, packet));
      }
    }
    return frames;
  }

  record Frame(PacketHeaders headers, FlowPacket packet) {}

  private record CaptureComparison(int conversations, int packets, List<String> differences) {}

  /** One tshark conversation: frames and bytes per sending endpoint. */
  private static final class Conversation {
    private final long startNanos;
    private final Map<String, long[]> sent = new TreeMap<>();
    private int protocol;

    Conversation(long startNanos) {
      this.startNanos = startNanos;
    }

    long startNanos() {
      return startNanos;
    }

    void add(FlowPacket packet, long frameLength) {
      protocol = packet.protocol();
      sent.computeIfAbsent(
          packet.destinationAddress() + " " + packet.destinationPort(), key -> new long[2]);
      long[] tally =
          sent.computeIfAbsent(
              packet.sourceAddress() + " " + packet.sourcePort(), key -> new long[2]);
      tally[0]++;
      tally[1] += frameLength;
    }

    String endpoints() {
      List<String> names = new ArrayList<>(sent.keySet());
      return TestTsharkConversations.endpoints(
          protocol, names.get(0), names.size() > 1 ? names.get(1) : names.get(0));
    }

    String tallies() {
      List<long[]> values = new ArrayList<>(sent.values());
      long[] second = values.size() > 1 ? values.get(1) : new long[2];
      return String.format("%s/%s %s/%s", values.get(0)[0], values.get(0)[1], second[0], second[1]);
    }
  }
}
