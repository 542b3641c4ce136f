package io.packetlake.pcap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsRecord;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The DNS messages of the application-layer pass against tshark 4.0.17's, message by message, on
 * every capture of the corpus for which tshark shows DNS ({@code expected/X.app.tsv}): transaction
 * id, query or response, response code, question name and type, answer count, the A and AAAA
 * records and the TTLs of every record. tshark shows a message on the frame that completes it (for
 * TCP, the segment with its last byte), and so does the pass: messages are compared frame by frame.
 *
 * <p>Every disagreement fails the test unless an entry of {@link #ALLOWANCES} covers it and says
 * why; an entry that covers nothing fails it too, so the list never outlives its reasons.
 */
final class TestDnsFidelity {
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

  private record Disagreement(String capture, int frame, String field, String ours, String tshark) {
    @Override
    public String toString() {
      return "%s frame %d %s: ours '%s', tshark '%s'"
          .formatted(capture, frame, field, ours, tshark);
    }
  }

  private record Allowance(String reason, Predicate<Disagreement> covers) {}

  private static final List<Allowance> ALLOWANCES = List.of();

  @Test
  void messagesAgreeWithTshark() throws IOException {
    List<Disagreement> disagreements = new ArrayList<>();
    int captures = 0;
    int messages = 0;
    for (Path expected : dnsGroundTruth()) {
      String name = expected.getFileName().toString().replace(".app.tsv", "");
      Path capture = TestCaptures.corpusPath(name);
      Map<Integer, Map<String, String>> theirs = tsharkMessages(expected);
      Map<Integer, Map<String, String>> ours = ourMessages(capture);
      captures++;
      messages +=
          theirs.values().stream().mapToInt(row -> row.get("dns.id").split("\\|").length).sum();
      for (int frame : new TreeSet<>(union(theirs.keySet(), ours.keySet()))) {
        Map<String, String> tshark = theirs.getOrDefault(frame, Map.of());
        Map<String, String> packetlake = ours.getOrDefault(frame, Map.of());
        for (String field : FIELDS) {
          String a = packetlake.getOrDefault(field, "");
          String b = tshark.getOrDefault(field, "");
          if (!a.equals(b)) {
            disagreements.add(new Disagreement(name, frame, field, a, b));
          }
        }
      }
    }
    Map<Allowance, Integer> allowed = new LinkedHashMap<>();
    ALLOWANCES.forEach(allowance -> allowed.put(allowance, 0));
    List<Disagreement> unexplained = new ArrayList<>();
    for (Disagreement disagreement : disagreements) {
      Allowance covering =
          ALLOWANCES.stream().filter(a -> a.covers().test(disagreement)).findFirst().orElse(null);
      if (covering == null) {
        unexplained.add(disagreement);
      } else {
        allowed.merge(covering, 1, Integer::sum);
      }
    }
    System.out.printf(
        "DNS fidelity: %d captures, %d tshark messages, %d disagreements allowed, %d unexplained%n",
        captures, messages, disagreements.size() - unexplained.size(), unexplained.size());
    allowed.forEach(
        (allowance, count) -> System.out.printf("  %6d  %s%n", count, allowance.reason()));
    Map<String, Integer> kinds = new TreeMap<>();
    for (Disagreement d : unexplained) {
      kinds.merge(
          d.capture()
              + " "
              + d.field()
              + (d.ours().isEmpty() ? " ours-empty" : "")
              + (d.tshark().isEmpty() ? " tshark-empty" : ""),
          1,
          Integer::sum);
    }
    kinds.forEach((kind, count) -> System.out.printf("  unexplained %5d %s%n", count, kind));
    assertThat(captures).isGreaterThanOrEqualTo(31);
    assertThat(messages).isGreaterThanOrEqualTo(1000);
    assertThat(unexplained).as("disagreements with tshark").isEmpty();
    assertThat(allowed).as("allow-list entries that cover no disagreement").doesNotContainValue(0);
  }

  /** The app.tsv files that show at least one DNS message. */
  private static List<Path> dnsGroundTruth() throws IOException {
    try (Stream<Path> files = Files.list(TestCaptures.corpus().resolve("expected"))) {
      List<Path> withDns = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".app.tsv")).sorted().toList()) {
        if (!tsharkMessages(file).isEmpty()) {
          withDns.add(file);
        }
      }
      return withDns;
    }
  }

  /** tshark's DNS fields by frame number, for the frames that show a DNS message. */
  private static Map<Integer, Map<String, String>> tsharkMessages(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split("\t", -1);
    Map<Integer, Map<String, String>> frames = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split("\t", -1);
      Map<String, String> row = new HashMap<>();
      for (int column = 0; column < header.length; column++) {
        row.put(header[column], column < values.length ? values[column] : "");
      }
      if (!row.get("dns.id").isEmpty()) {
        Map<String, String> fields = new HashMap<>();
        FIELDS.forEach(field -> fields.put(field, row.get(field)));
        frames.put(Integer.parseInt(row.get("frame.number")), fields);
      }
    }
    return frames;
  }

  /** Our messages' fields by the frame that completed them, rendered as tshark prints them. */
  private static Map<Integer, Map<String, String>> ourMessages(Path capture) throws IOException {
    Map<Long, Integer> frameOfOffset = new HashMap<>();
    int frame = 0;
    for (PacketRecord record : TestCaptures.readAll(capture)) {
      if (record.status() == FrameStatus.OK) {
        frameOfOffset.put(record.offset(), ++frame);
      }
    }
    Map<Integer, List<DnsMessage>> byFrame = new TreeMap<>();
    for (ObservedDnsMessage observed :
        CapturePass.messages(CapturePass.segments(capture), FlowPass.DEFAULT_MAX_STREAM_BYTES)) {
      Integer number = frameOfOffset.get(observed.packet().recordOffset());
      byFrame
          .computeIfAbsent(number == null ? -1 : number, key -> new ArrayList<>())
          .add(observed.message());
    }
    Map<Integer, Map<String, String>> frames = new TreeMap<>();
    byFrame.forEach((number, messages) -> frames.put(number, render(messages)));
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
      if (message.queryName() != null) {
        values
            .get("dns.qry.name")
            .add(message.queryName().equals(".") ? "<Root>" : message.queryName());
        values.get("dns.qry.type").add(Integer.toString(message.queryType()));
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
        if (record.type() != 41) {
          values.get("dns.resp.ttl").add(Long.toString(record.ttl()));
        }
      }
    }
    Map<String, String> fields = new HashMap<>();
    values.forEach((field, list) -> fields.put(field, String.join("|", list)));
    return fields;
  }

  private static <T> List<T> union(java.util.Collection<T> first, java.util.Collection<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  @SuppressWarnings("unused")
  private static Predicate<Disagreement> field(String name, Function<Disagreement, Boolean> rest) {
    return disagreement -> disagreement.field().equals(name) && rest.apply(disagreement);
  }
}
