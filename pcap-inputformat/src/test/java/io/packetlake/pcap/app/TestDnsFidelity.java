package io.packetlake.pcap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsParseStatus;
import io.packetlake.pcap.app.dns.DnsQuestion;
import io.packetlake.pcap.app.dns.DnsRecord;
import io.packetlake.pcap.decode.DecodeStatus;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The DNS messages of the application-layer pass against tshark 4.0.17's, message by message, on
 * every readable capture of the corpus: transaction id, query or response, response code, question
 * name and type, answer count, the A and AAAA records of every section and the TTL of every record
 * but EDNS's OPT (tshark's {@code dns.resp.ttl}). tshark shows a message on the frame that
 * completes it (for TCP, the segment with its last byte), and so does the pass: messages are
 * compared frame by frame.
 *
 * <p>tshark's messages are those of {@code expected/X.app.tsv}, whose display filter {@code dns}
 * selects DNS on port 53 but not mDNS (5353) or LLMNR (5355), which tshark dissects with the same
 * fields under the protocol names {@code mdns} and {@code llmnr}. Where the pass finds messages on
 * those ports, the test asks an installed tshark for them with the same fields ({@code mdns ||
 * llmnr}); CI installs it (.ci/run).
 *
 * <p>Every disagreement fails the test unless an entry of {@link #ALLOWANCES} covers it and says
 * why; an entry that covers nothing fails it too, so the list never outlives its reasons.
 */
final class TestDnsFidelity {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private static final List<String> FIELDS =
      List.of(
          "dns.id",
          "dns.flags.response",
          "dns.flags.rcode",
          "dns.qry.name",
          "dns.qry.type",
          "dns.count.answers",
          "dns.a",
          "dns.aaaa",
          "dns.resp.ttl");

  private static final boolean TSHARK = tsharkInstalled();

  /**
   * One field of one frame on which the two disagree, with what the pass knows of that frame: the
   * status of the messages it completed there, whether its decoder found a transport header in the
   * frame, and whether the frame is on a multicast-name port.
   */
  private record Disagreement(
      String capture,
      int frame,
      String field,
      String ours,
      String tshark,
      List<DnsParseStatus> statuses,
      boolean transportDecoded,
      DecodeStatus decodeStatus,
      boolean fragment,
      boolean multicastNamePort) {
    @Override
    public String toString() {
      return "%s frame %d %s: ours '%s', tshark '%s' %s"
          .formatted(capture, frame, field, ours, tshark, statuses);
    }
  }

  private record Allowance(String reason, Predicate<Disagreement> covers) {}

  private static final List<Allowance> ALLOWANCES = allowances();

  private static List<Allowance> allowances() {
    List<Allowance> allowances = new ArrayList<>();
    allowances.add(
        new Allowance(
            "tshark dissects link types ARCNET_LINUX (129), NFLOG (239) and PKTAP (258) and an"
                + " unknown loopback address family, which the packet decoder does not decode"
                + " (TsharkFidelityTest's allowances): no transport header, so no payload to examine",
            disagreement ->
                disagreement.ours().isEmpty()
                    && (disagreement.decodeStatus() == DecodeStatus.UNSUPPORTED_LINK_TYPE
                        || disagreement.decodeStatus() == DecodeStatus.NOT_IP)));
    allowances.add(
        new Allowance(
            "LINKTYPE_IPV6_invalid.pcap holds an IPv4 packet under LINKTYPE_IPV6: tshark stops at"
                + " the bogus IPv6 version, the decoder reads the IPv4 packet (as"
                + " TsharkFidelityTest allows) and the pass its DNS query",
            disagreement ->
                disagreement.capture().equals("LINKTYPE_IPV6_invalid.pcap")
                    && disagreement.tshark().isEmpty()));
    allowances.add(
        new Allowance(
            "dns_fwdptr.pcap's question name is a forward compression pointer: tshark follows it"
                + " (and prints <Name too long>); the parser follows pointers only backwards, which"
                + " is what rules out loops, and reports MALFORMED_NAME without a question",
            disagreement ->
                disagreement.capture().equals("dns_fwdptr.pcap")
                    && disagreement.statuses().contains(DnsParseStatus.MALFORMED_NAME)
                    && disagreement.ours().isEmpty()
                    && List.of("dns.qry.name", "dns.qry.type").contains(disagreement.field())));
    if (!TSHARK) {
      allowances.add(
          new Allowance(
              "tshark is not installed: the mDNS and LLMNR messages, which the ground truth's"
                  + " display filter leaves out, cannot be compared",
              disagreement -> disagreement.tshark().isEmpty() && disagreement.multicastNamePort()));
    }
    return List.copyOf(allowances);
  }

  @Test
  void messagesAgreeWithTshark() throws Exception {
    List<Disagreement> disagreements = new ArrayList<>();
    int captures = 0;
    int messages = 0;
    for (Path capture : TestCaptures.readable()) {
      String name = capture.getFileName().toString();
      OurFrames ours = ourFrames(capture);
      Map<Integer, Map<String, String>> theirs = new TreeMap<>();
      Path expected = TestCaptures.corpus().resolve("expected").resolve(name + ".app.tsv");
      if (Files.exists(expected)) {
        theirs.putAll(tsharkMessages(Files.readAllLines(expected, StandardCharsets.UTF_8)));
      }
      if (TSHARK && ours.multicastNameFrames() > 0) {
        theirs.putAll(tsharkMessages(runTshark(capture, "mdns || llmnr")));
      }
      if (theirs.isEmpty() && ours.fields().isEmpty()) {
        continue;
      }
      captures++;
      messages += ours.messages();
      TreeSet<Integer> frames = new TreeSet<>(theirs.keySet());
      frames.addAll(ours.fields().keySet());
      for (int frame : frames) {
        Map<String, String> tshark = theirs.getOrDefault(frame, Map.of());
        Map<String, String> packetlake = ours.fields().getOrDefault(frame, Map.of());
        for (String field : FIELDS) {
          String a = packetlake.getOrDefault(field, "");
          String b = tshark.getOrDefault(field, "");
          if (!a.equals(b)) {
            disagreements.add(
                new Disagreement(
                    name,
                    frame,
                    field,
                    a,
                    b,
                    ours.statuses().getOrDefault(frame, List.of()),
                    ours.transportDecoded().getOrDefault(frame, false),
                    ours.decodeStatuses().get(frame),
                    ours.fragments().getOrDefault(frame, false),
                    ours.multicastName().getOrDefault(frame, false)));
          }
        }
      }
    }
    Map<Allowance, Integer> allowed = new LinkedHashMap<>();
    ALLOWANCES.forEach(allowance -> allowed.put(allowance, 0));
    List<Disagreement> unexplained = new ArrayList<>();
    for (Disagreement disagreement : disagreements) {
      Allowance covering =
          ALLOWANCES.stream()
              .filter(allowance -> allowance.covers().test(disagreement))
              .findFirst()
              .orElse(null);
      if (covering == null) {
        unexplained.add(disagreement);
      } else {
        allowed.merge(covering, 1, Integer::sum);
      }
    }
    System.out.printf(
        "DNS fidelity: %d captures, %d messages of the pass (mDNS and LLMNR %s), %d field"
            + " disagreements allowed, %d unexplained%n",
        captures,
        messages,
        TSHARK ? "compared with tshark" : "not compared: no tshark",
        disagreements.size() - unexplained.size(),
        unexplained.size());
    allowed.forEach(
        (allowance, count) -> System.out.printf("  %6d  %s%n", count, allowance.reason()));
    assertThat(messages).isGreaterThanOrEqualTo(1000);
    assertThat(unexplained).as("disagreements with tshark").isEmpty();
    assertThat(allowed).as("allow-list entries that cover no disagreement").doesNotContainValue(0);
  }

  /** What the pass found in one capture, by frame number. */
  private record OurFrames(
      Map<Integer, Map<String, String>> fields,
      Map<Integer, List<DnsParseStatus>> statuses,
      Map<Integer, Boolean> transportDecoded,
      Map<Integer, DecodeStatus> decodeStatuses,
      Map<Integer, Boolean> fragments,
      Map<Integer, Boolean> multicastName,
      int messages) {
    long multicastNameFrames() {
      return multicastName.values().stream().filter(Boolean::booleanValue).count();
    }
  }

  private static OurFrames ourFrames(Path capture) throws IOException {
    Map<Long, Integer> frameOfOffset = new HashMap<>();
    Map<Integer, Boolean> transportDecoded = new HashMap<>();
    Map<Integer, Boolean> fragments = new HashMap<>();
    Map<Integer, DecodeStatus> decodeStatuses = new HashMap<>();
    PacketHeaders headers = new PacketHeaders();
    int frame = 0;
    for (PacketRecord record : TestCaptures.readAll(capture)) {
      if (record.status() != FrameStatus.OK) {
        continue;
      }
      frameOfOffset.put(record.offset(), ++frame);
      byte[] data = record.data();
      DECODER.decode(headers, record.linkType(), data, 0, data.length, record.originalLength());
      transportDecoded.put(frame, headers.payloadOffset() >= 0);
      fragments.put(frame, headers.fragment());
      decodeStatuses.put(frame, headers.status());
    }
    Map<Integer, List<DnsMessage>> byFrame = new TreeMap<>();
    Map<Integer, Boolean> multicastName = new HashMap<>();
    List<ObservedDnsMessage> observed =
        CapturePass.messages(CapturePass.segments(capture), FlowPass.DEFAULT_MAX_STREAM_BYTES);
    for (ObservedDnsMessage message : observed) {
      int number = frameOfOffset.getOrDefault(message.packet().recordOffset(), -1);
      byFrame.computeIfAbsent(number, key -> new ArrayList<>()).add(message.message());
      PayloadSegment packet = message.packet();
      multicastName.put(
          number,
          isMulticastName(packet.sourcePort()) || isMulticastName(packet.destinationPort()));
    }
    Map<Integer, Map<String, String>> fields = new TreeMap<>();
    Map<Integer, List<DnsParseStatus>> statuses = new TreeMap<>();
    byFrame.forEach(
        (number, messages) -> {
          fields.put(number, render(messages));
          statuses.put(number, messages.stream().map(DnsMessage::status).toList());
        });
    return new OurFrames(
        fields,
        statuses,
        transportDecoded,
        decodeStatuses,
        fragments,
        multicastName,
        observed.size());
  }

  private static boolean isMulticastName(int port) {
    return port == ApplicationPorts.MDNS || port == ApplicationPorts.LLMNR;
  }

  /** tshark's DNS fields by frame number, for the frames of these lines that show a message. */
  private static Map<Integer, Map<String, String>> tsharkMessages(List<String> lines) {
    Map<Integer, Map<String, String>> frames = new TreeMap<>();
    if (lines.isEmpty()) {
      return frames;
    }
    String[] header = lines.get(0).split("\t", -1);
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split("\t", -1);
      Map<String, String> row = new HashMap<>();
      for (int column = 0; column < header.length; column++) {
        row.put(header[column], column < values.length ? values[column] : "");
      }
      if (!row.getOrDefault("dns.id", "").isEmpty()) {
        Map<String, String> fields = new HashMap<>();
        FIELDS.forEach(field -> fields.put(field, row.get(field)));
        frames.put(Integer.parseInt(row.get("frame.number")), fields);
      }
    }
    return frames;
  }

  /** The fields of the messages of one frame, each occurrence joined with '|' as tshark does. */
  private static Map<String, String> render(List<DnsMessage> messages) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    FIELDS.forEach(field -> values.put(field, new ArrayList<>()));
    for (DnsMessage message : messages) {
      if (message.hasHeader()) {
        values.get("dns.id").add("0x%04x".formatted(message.transactionId()));
        values.get("dns.flags.response").add(message.response() ? "1" : "0");
        if (message.response()) {
          values.get("dns.flags.rcode").add(Integer.toString(message.rcode()));
        }
        values.get("dns.count.answers").add(Integer.toString(message.answerCount()));
      }
      for (DnsQuestion question : message.questions()) {
        values.get("dns.qry.name").add(question.name().equals(".") ? "<Root>" : question.name());
        values.get("dns.qry.type").add(Integer.toString(question.type()));
      }
      List<DnsRecord> records = new ArrayList<>(message.answers());
      records.addAll(message.authorities());
      records.addAll(message.additionals());
      for (DnsRecord record : records) {
        if (record.type() == 1) {
          values.get("dns.a").add(record.data());
        } else if (record.type() == 28) {
          values.get("dns.aaaa").add(record.data());
        }
        // tshark shows EDNS's OPT record's TTL as extended rcode, version and flags.
        if (record.type() != 41) {
          values.get("dns.resp.ttl").add(Long.toString(record.ttl()));
        }
      }
    }
    Map<String, String> fields = new HashMap<>();
    values.forEach((field, list) -> fields.put(field, String.join("|", list)));
    return fields;
  }

  /** tshark's fields of the frames {@code filter} selects, as the ground truth was made. */
  private static List<String> runTshark(Path capture, String filter) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "tshark",
                "-n",
                "-r",
                capture.toString(),
                "-Y",
                filter,
                "-T",
                "fields",
                "-E",
                "header=y",
                "-E",
                "separator=/t",
                "-E",
                "occurrence=a",
                "-E",
                "aggregator=|",
                "-E",
                "quote=n",
                "-e",
                "frame.number"));
    for (String field : FIELDS) {
      command.add("-e");
      command.add(field);
    }
    Path output = Files.createTempFile("tshark-dns-", ".tsv");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("tshark finished").isTrue();
      assertThat(process.exitValue()).as("tshark exit code on %s", capture).isZero();
      return Files.readAllLines(output, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean tsharkInstalled() {
    try {
      Process process =
          new ProcessBuilder("tshark", "-v")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
