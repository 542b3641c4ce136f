package io.packetlake.pcap.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decodes every capture of the shared corpus and compares the result, field by field, with what
 * tshark 4.0.17 printed for it ({@code expected/<capture>.fields.tsv}; see the corpus README for
 * how it was produced and how tshark's fields map to ours).
 *
 * <p>Every disagreement fails the test unless an entry of {@link #ALLOWANCES} covers it and says
 * why; an entry that covers nothing fails the test too, so the list cannot go stale.
 */
class TsharkFidelityTest {
  private static final PacketDecoder DECODER = new PacketDecoder();

  /**
   * tshark fields holding hex numbers, compared by value ({@code 0x00} equals {@code 0x00000000}).
   */
  private static final Set<String> HEX_FIELDS =
      Set.of("eth.type", "sll.etype", "ip.dsfield", "ip.id", "ipv6.tclass", "tcp.flags");

  private static final Set<String> TRANSPORT_FIELDS =
      Set.of(
          "tcp.srcport",
          "tcp.dstport",
          "tcp.seq_raw",
          "tcp.ack_raw",
          "tcp.flags",
          "tcp.window_size_value",
          "tcp.hdr_len",
          "tcp.len",
          "udp.srcport",
          "udp.dstport",
          "udp.length",
          "icmp.type",
          "icmp.code",
          "icmpv6.type",
          "icmpv6.code");

  /**
   * Captures tshark refused to read (they have a {@code .fields.err}), with what the framing must
   * do with them instead.
   */
  private static final Map<String, Rejection> REJECTED_BY_TSHARK =
      Map.of(
          "linktype-reserved-field-not-zero.pcap", Rejection.REJECTED,
          "pcap-invalid-version-1.pcap", Rejection.REJECTED,
          "pcapng-invalid-vers-1.pcapng", Rejection.REJECTED,
          "shb-option-too-long.pcapng", Rejection.CORRUPT_REGION);

  private static final int PIM = 103;
  private static final int SFLOW_PORT = 6343;
  private static final int OPENFLOW_PORT = 6653;
  private static final int OPENFLOW_LEGACY_PORT = 6633;
  private static final int ARISTA_ETHER_TYPE = 0xD28B;
  private static final Set<Integer> LINK_TYPES_TSHARK_ALONE_DECODES = Set.of(129, 239, 242, 258);
  private static final String LAST_NANOSECOND_TIMESTAMP = "9223372036.854775807";

  /**
   * Known and explained disagreements. Rules come first (what tshark decodes beyond packetlake's
   * headers), then single captures, then timestamps, which come from the framing.
   */
  private static final List<Allowance> ALLOWANCES =
      List.of(
          new Allowance(
              "tshark reassembles IP fragments: it dissects the transport header of a fragmented"
                  + " datagram on the fragment that completes it and none on the others, while"
                  + " packetlake decodes the header carried by each first fragment",
              disagreement ->
                  decoded(disagreement, PacketHeaders::fragment)
                      && TRANSPORT_FIELDS.contains(disagreement.field())
                      && (disagreement.ours().isEmpty() || disagreement.tshark().isEmpty())),
          new Allowance(
              "tshark decodes the packet inside a tunnel; packetlake reports the tunnel and keeps"
                  + " only the outer headers",
              disagreement ->
                  decoded(disagreement, headers -> headers.tunnel() != Tunnel.NONE)
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "an ICMP error quotes the offending packet's IP and transport headers, whose ports"
                  + " tshark reports; packetlake decodes only the ICMP header",
              disagreement ->
                  decoded(disagreement, TsharkFidelityTest::isIcmp)
                      && TRANSPORT_FIELDS.contains(disagreement.field())
                      && !disagreement.field().startsWith("icmp")
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "a PIM Register message (RFC 7761) encapsulates a whole multicast packet, which"
                  + " tshark decodes",
              disagreement ->
                  decoded(disagreement, headers -> headers.ipProtocol() == PIM)
                      && TRANSPORT_FIELDS.contains(disagreement.field())
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "sFlow datagrams (UDP port 6343) carry sampled packet headers, which tshark decodes",
              disagreement ->
                  decoded(disagreement, headers -> usesPort(headers, IpProtocols.UDP, SFLOW_PORT))
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "OpenFlow packet-in and packet-out messages (TCP port 6633 or 6653) carry a whole"
                  + " packet, which tshark decodes",
              disagreement ->
                  decoded(
                          disagreement,
                          headers ->
                              usesPort(headers, IpProtocols.TCP, OPENFLOW_PORT)
                                  || usesPort(headers, IpProtocols.TCP, OPENFLOW_LEGACY_PORT))
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "tshark files an IEEE 802.1ad service tag (0x88a8) under ieee8021ad.*, so its vlan.id"
                  + " is the first 802.1Q tag behind it; packetlake's vlan_id is the outer tag"
                  + " whatever its TPID",
              disagreement ->
                  disagreement.field().equals("vlan.id")
                      && decoded(
                          disagreement,
                          headers -> headers.etherType() == EtherTypes.PROVIDER_BRIDGING)),
          new Allowance(
              "tshark dissects link types ARCNET_LINUX (129), NFLOG (239), IPOIB (242) and PKTAP"
                  + " (258), which packetlake reports as UNSUPPORTED_LINK_TYPE",
              disagreement ->
                  decoded(
                          disagreement,
                          headers ->
                              headers.status() == DecodeStatus.UNSUPPORTED_LINK_TYPE
                                  && LINK_TYPES_TSHARK_ALONE_DECODES.contains(headers.linkType()))
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "tshark decodes Arista's vendor-specific EtherType 0xd28b (a timestamp header) and"
                  + " the frame behind it; packetlake reports it as NOT_IP",
              disagreement ->
                  decoded(disagreement, headers -> headers.payloadEtherType() == ARISTA_ETHER_TYPE)
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "under an MPLS label stack, tshark's heuristics find an Ethernet pseudowire with a"
                  + " control word; packetlake decodes only IP right under the stack",
              disagreement ->
                  decoded(
                          disagreement,
                          headers ->
                              headers.payloadEtherType() == EtherTypes.MPLS_UNICAST
                                  && headers.status() == DecodeStatus.NOT_IP)
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "tshark reads the unknown loopback address family 0x0008000f as an EtherType and"
                  + " finds 0x0800 in its low half; packetlake reports an unknown family as NOT_IP",
              disagreement ->
                  decoded(
                          disagreement,
                          headers ->
                              headers.linkType() == LinkTypes.NULL
                                  && headers.status() == DecodeStatus.NOT_IP)
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "babel.pcap is a cooked capture of an ARPHRD_IPGRE device: tshark files the protocol"
                  + " field as sll.gretype instead of sll.etype; it holds an EtherType all the same",
              disagreement ->
                  disagreement.capture().equals("babel.pcap")
                      && disagreement.field().equals("sll.etype")),
          new Allowance(
              "bigtcp-ipv6.pcap has payload length 0 without a Jumbo Payload option (a BIG TCP"
                  + " super-packet): tshark takes the payload as empty, packetlake uses the length"
                  + " on the wire, as tcpdump does",
              disagreement ->
                  disagreement.capture().equals("bigtcp-ipv6.pcap")
                      && disagreement.field().startsWith("tcp.")
                      && disagreement.tshark().isEmpty()),
          new Allowance(
              "ipv6-bad-version.pcap: tshark prints the version nibble (0) of a header it rejects;"
                  + " packetlake leaves ip_version empty for a header that is neither IPv4 nor IPv6",
              disagreement ->
                  disagreement.capture().equals("ipv6-bad-version.pcap")
                      && disagreement.field().equals("ip.version")
                      && disagreement.ours().isEmpty()),
          new Allowance(
              "LINKTYPE_IPV6_invalid.pcap holds an IPv4 packet under LINKTYPE_IPV6: tshark's IPv6"
                  + " dissector stops at the version, packetlake decodes the packet by its version"
                  + " nibble and reports MALFORMED_IP",
              disagreement ->
                  disagreement.capture().equals("LINKTYPE_IPV6_invalid.pcap")
                      && decoded(
                          disagreement, headers -> headers.status() == DecodeStatus.MALFORMED_IP)
                      && disagreement.tshark().isEmpty()),
          new Allowance(
              "test017-le.pcapng: tshark lists pcapng Custom Blocks as records; they carry no"
                  + " packet and the framing skips them",
              disagreement ->
                  disagreement.capture().equals("test017-le.pcapng")
                      && disagreement.field().equals("frame")
                      && disagreement.ours().equals("absent")),
          new Allowance(
              "timestamps after 2262 do not fit PacketRecord's nanoseconds since the epoch: the"
                  + " framing reports no timestamp for them; tshark reads pcapng timestamps as"
                  + " unsigned, so a negative one lands in the year 586,000",
              disagreement ->
                  disagreement.field().equals("frame.time_epoch")
                      && disagreement.ours().isEmpty()
                      && !disagreement.tshark().isEmpty()
                      && new java.math.BigDecimal(disagreement.tshark())
                              .compareTo(new java.math.BigDecimal(LAST_NANOSECOND_TIMESTAMP))
                          > 0),
          new Allowance(
              "timestamp_invalid_micro.pcap and timestamp_invalid_nano.pcap carry fractions of a"
                  + " second out of range (10^6 microseconds, 10^9 nanoseconds, 2^31): tshark prints"
                  + " them as they are or wrapped to negative, the framing adds them to the seconds"
                  + " as unsigned values",
              disagreement ->
                  disagreement.capture().startsWith("timestamp_invalid_")
                      && disagreement.field().equals("frame.time_epoch")));

  @Test
  void decodedHeadersMatchTshark() throws IOException {
    Path corpus = corpusDirectory();
    List<Path> captures;
    try (Stream<Path> files = Files.list(corpus)) {
      captures =
          files
              .filter(Files::isRegularFile)
              .filter(path -> !path.getFileName().toString().endsWith(".md"))
              .filter(path -> !path.getFileName().toString().endsWith(".tsv"))
              .sorted()
              .toList();
    }
    assertThat(captures).as("captures in %s", corpus).hasSizeGreaterThan(100);

    Comparison comparison = new Comparison();
    for (Path capture : captures) {
      comparison.compare(capture, corpus.resolve("expected"));
    }
    System.out.println(comparison.summary());
    assertThat(comparison.rejected)
        .as("captures tshark rejected, against %s", REJECTED_BY_TSHARK.keySet())
        .isEqualTo(REJECTED_BY_TSHARK.size());

    List<String> unused =
        comparison.allowed.entrySet().stream()
            .filter(entry -> entry.getValue() == 0)
            .map(entry -> "allow-list entry covers no disagreement: " + entry.getKey().reason())
            .toList();
    if (!comparison.unexplained.isEmpty() || !unused.isEmpty()) {
      List<String> problems = new ArrayList<>(unused);
      if (!comparison.unexplained.isEmpty()) {
        problems.add(comparison.unexplainedReport());
      }
      fail(String.join("\n", problems));
    }
  }

  private static Path corpusDirectory() {
    String configured = System.getProperty("packetlake.pcaps");
    Path corpus = configured != null ? Path.of(configured) : Path.of("../../shared/pcaps");
    assertThat(corpus).as("capture corpus (set -Dpacketlake.pcaps)").isDirectory();
    return corpus;
  }

  /** Whether the disagreement is about a decoded packet whose headers match {@code test}. */
  private static boolean decoded(Disagreement disagreement, Predicate<PacketHeaders> test) {
    return disagreement.headers() != null && test.test(disagreement.headers());
  }

  private static boolean usesPort(PacketHeaders headers, int protocol, int port) {
    return headers.ipProtocol() == protocol
        && (headers.sourcePort() == port || headers.destinationPort() == port);
  }

  private static boolean isIcmp(PacketHeaders headers) {
    return headers.ipProtocol() == IpProtocols.ICMP || headers.ipProtocol() == IpProtocols.ICMPV6;
  }

  /** What tshark's fields should say according to our row, in tshark's vocabulary. */
  private static Map<String, String> expectedTsharkFields(Map<String, String> row) {
    Map<String, String> expected = new LinkedHashMap<>();
    int linkType = Integer.parseInt(row.get("link_type"));
    boolean ethernet = linkType == LinkTypes.ETHERNET;
    boolean cooked = linkType == LinkTypes.LINUX_SLL || linkType == LinkTypes.LINUX_SLL2;
    boolean ipv4 = row.get("ip_version").equals("4");
    boolean ipv6 = row.get("ip_version").equals("6");
    String protocol = row.get("ip_protocol");
    boolean tcp = protocol.equals("6");
    boolean udp = protocol.equals("17");

    expected.put("frame.time_epoch", row.get("packet_time"));
    expected.put("frame.len", row.get("frame_length"));
    expected.put("frame.cap_len", row.get("captured_length"));
    expected.put("eth.dst", ethernet ? row.get("dst_mac") : "");
    expected.put("eth.src", ethernet ? row.get("src_mac") : "");
    expected.put("eth.type", ethernet ? row.get("ether_type") : "");
    expected.put("vlan.id", row.get("vlan_id"));
    expected.put("sll.etype", cooked ? row.get("ether_type") : "");
    expected.put("ip.version", row.get("ip_version"));
    expected.put("ip.hdr_len", ipv4 ? row.get("ip_header_length") : "");
    expected.put("ip.dsfield", ipv4 ? row.get("ip_tos") : "");
    expected.put("ip.len", ipv4 ? row.get("ip_total_length") : "");
    expected.put("ip.id", ipv4 ? row.get("ip_id") : "");
    expected.put("ip.flags.df", ipv4 ? row.get("ip_dont_fragment") : "");
    expected.put("ip.flags.mf", ipv4 ? row.get("ip_more_fragments") : "");
    String fragmentOffset = row.get("ip_fragment_offset");
    expected.put(
        "ip.frag_offset",
        ipv4 && !fragmentOffset.isEmpty()
            ? String.valueOf(Integer.parseInt(fragmentOffset) / 8)
            : "");
    expected.put("ip.ttl", ipv4 ? row.get("ip_ttl") : "");
    expected.put("ip.proto", ipv4 ? protocol : "");
    expected.put("ip.src", ipv4 ? row.get("src_address") : "");
    expected.put("ip.dst", ipv4 ? row.get("dst_address") : "");
    expected.put("ipv6.tclass", ipv6 ? row.get("ip_tos") : "");
    expected.put("ipv6.plen", ipv6 ? row.get("ipv6_payload_length") : "");
    expected.put("ipv6.nxt", ipv6 ? row.get("ipv6_next_header") : "");
    expected.put("ipv6.hlim", ipv6 ? row.get("ip_ttl") : "");
    expected.put("ipv6.src", ipv6 ? row.get("src_address") : "");
    expected.put("ipv6.dst", ipv6 ? row.get("dst_address") : "");
    expected.put("tcp.srcport", tcp ? row.get("src_port") : "");
    expected.put("tcp.dstport", tcp ? row.get("dst_port") : "");
    expected.put("tcp.seq_raw", tcp ? row.get("tcp_seq") : "");
    expected.put("tcp.ack_raw", tcp ? row.get("tcp_ack") : "");
    expected.put("tcp.flags", tcp ? row.get("tcp_flags") : "");
    expected.put("tcp.window_size_value", tcp ? row.get("tcp_window") : "");
    expected.put("tcp.hdr_len", tcp ? row.get("tcp_header_length") : "");
    expected.put("tcp.len", tcp ? row.get("payload_length") : "");
    expected.put("udp.srcport", udp ? row.get("src_port") : "");
    expected.put("udp.dstport", udp ? row.get("dst_port") : "");
    expected.put("udp.length", udp ? row.get("udp_length") : "");
    boolean icmp = ipv4 && protocol.equals("1");
    boolean icmpv6 = ipv6 && protocol.equals("58");
    expected.put("icmp.type", icmp ? row.get("icmp_type") : "");
    expected.put("icmp.code", icmp ? row.get("icmp_code") : "");
    expected.put("icmpv6.type", icmpv6 ? row.get("icmp_type") : "");
    expected.put("icmpv6.code", icmpv6 ? row.get("icmp_code") : "");
    return expected;
  }

  private static boolean sameValue(String field, String ours, String tshark) {
    if (ours.equals(tshark)) {
      return true;
    }
    if (HEX_FIELDS.contains(field) && ours.startsWith("0x") && tshark.startsWith("0x")) {
      return Long.parseLong(ours.substring(2), 16) == Long.parseLong(tshark.substring(2), 16);
    }
    return false;
  }

  private enum Rejection {
    /** Opening or reading the capture throws {@link CorruptCaptureException}. */
    REJECTED,
    /** The reader reports at least one {@link FrameStatus#CORRUPT_REGION}. */
    CORRUPT_REGION
  }

  private record Allowance(String reason, Predicate<Disagreement> covers) {}

  private record Disagreement(
      String capture, long frame, String field, String ours, String tshark, PacketHeaders headers) {
    String describe() {
      return String.format(
          "%s frame %s %s: ours '%s', tshark '%s'%s",
          capture,
          frame,
          field,
          ours,
          tshark,
          headers == null ? "" : " (" + headers.status() + ")");
    }
  }

  private static final class Comparison {
    final Map<Allowance, Integer> allowed = new LinkedHashMap<>();
    final List<Disagreement> unexplained = new ArrayList<>();
    int captures;
    int rejected;
    long packets;
    long fields;

    Comparison() {
      for (Allowance allowance : ALLOWANCES) {
        allowed.put(allowance, 0);
      }
    }

    void compare(Path capture, Path expectedDirectory) throws IOException {
      String name = capture.getFileName().toString();
      captures++;
      if (Files.exists(expectedDirectory.resolve(name + ".fields.err"))) {
        checkRejected(capture, name);
        return;
      }
      Path fieldsFile = expectedDirectory.resolve(name + ".fields.tsv");
      assertThat(fieldsFile).as("tshark output for %s", name).exists();
      List<String> lines = Files.readAllLines(fieldsFile, StandardCharsets.UTF_8);
      String[] tsharkColumns = lines.get(0).split("\t", -1);

      List<PacketRecord> records = new ArrayList<>();
      try (OpenCapture open = CaptureReaders.openLocal(capture, FramingOptions.defaults())) {
        for (PacketRecord record = open.reader().next();
            record != null;
            record = open.reader().next()) {
          records.add(record);
        }
      } catch (CorruptCaptureException e) {
        record(
            new Disagreement(
                name,
                0,
                "capture",
                "rejected: " + e.getMessage(),
                lines.size() - 1 + " frames",
                null));
        return;
      }

      StringBuilder row = new StringBuilder();
      PacketTsv tsv = new PacketTsv();
      int frame = 0;
      for (PacketRecord record : records) {
        if (record.status() != FrameStatus.OK) {
          record(
              new Disagreement(
                  name, frame + 1, "frame_status", record.status().name(), "a frame", null));
          continue;
        }
        frame++;
        PacketHeaders headers =
            DECODER.decode(record.linkType(), record.data(), record.originalLength());
        row.setLength(0);
        tsv.appendRow(row, record, headers);
        Map<String, String> ours = parseRow(row.toString());
        packets++;
        if (frame >= lines.size()) {
          record(new Disagreement(name, frame, "frame", "present", "absent", headers));
          continue;
        }
        String[] values = lines.get(frame).split("\t", -1);
        Map<String, String> tshark = new HashMap<>();
        for (int column = 0; column < tsharkColumns.length; column++) {
          tshark.put(tsharkColumns[column], column < values.length ? values[column] : "");
        }
        for (Map.Entry<String, String> field : expectedTsharkFields(ours).entrySet()) {
          fields++;
          String theirs = tshark.get(field.getKey());
          if (!sameValue(field.getKey(), field.getValue(), theirs)) {
            record(
                new Disagreement(name, frame, field.getKey(), field.getValue(), theirs, headers));
          }
        }
      }
      for (int missing = frame + 1; missing < lines.size(); missing++) {
        record(new Disagreement(name, missing, "frame", "absent", "present", null));
      }
    }

    private void checkRejected(Path capture, String name) throws IOException {
      Rejection expected = REJECTED_BY_TSHARK.get(name);
      assertThat(expected)
          .as("how packetlake should handle %s, which tshark rejected", name)
          .isNotNull();
      rejected++;
      Rejection actual = null;
      try (OpenCapture open = CaptureReaders.openLocal(capture, FramingOptions.defaults())) {
        for (PacketRecord record = open.reader().next();
            record != null;
            record = open.reader().next()) {
          if (record.status() == FrameStatus.CORRUPT_REGION) {
            actual = Rejection.CORRUPT_REGION;
          }
        }
      } catch (CorruptCaptureException e) {
        actual = Rejection.REJECTED;
      }
      assertThat(actual).as("framing of %s, which tshark rejected", name).isEqualTo(expected);
    }

    private void record(Disagreement disagreement) {
      for (Map.Entry<Allowance, Integer> entry : allowed.entrySet()) {
        if (entry.getKey().covers().test(disagreement)) {
          entry.setValue(entry.getValue() + 1);
          return;
        }
      }
      unexplained.add(disagreement);
    }

    /** Disagreements grouped by capture and field, with a count and the first example of each. */
    String unexplainedReport() {
      Map<String, List<Disagreement>> groups = new LinkedHashMap<>();
      for (Disagreement disagreement : unexplained) {
        groups
            .computeIfAbsent(
                disagreement.capture() + " " + disagreement.field(), key -> new ArrayList<>())
            .add(disagreement);
      }
      StringBuilder report =
          new StringBuilder(
              String.format(
                  "%s disagreements with tshark in %s capture fields (count, first example):",
                  unexplained.size(), groups.size()));
      groups.values().stream()
          .limit(400)
          .forEach(
              group ->
                  report.append(String.format("%n%6d  %s", group.size(), group.get(0).describe())));
      return report.toString();
    }

    String summary() {
      long allowedCount = allowed.values().stream().mapToLong(Integer::longValue).sum();
      StringBuilder summary =
          new StringBuilder(
              String.format(
                  "tshark fidelity: %s captures (%s rejected by tshark), %s packets, %s fields"
                      + " compared, %s disagreements allowed, %s unexplained",
                  captures, rejected, packets, fields, allowedCount, unexplained.size()));
      allowed.forEach(
          (allowance, count) ->
              summary.append(String.format("%n  %6d  %s", count, allowance.reason())));
      return summary.toString();
    }
  }

  private static Map<String, String> parseRow(String row) {
    String[] values = row.split("\t", -1);
    assertThat(values).as("columns of %s", row).hasSize(PacketTsv.COLUMNS.size());
    Map<String, String> fields = new HashMap<>();
    for (int column = 0; column < values.length; column++) {
      fields.put(PacketTsv.COLUMNS.get(column), values[column]);
    }
    return fields;
  }
}
