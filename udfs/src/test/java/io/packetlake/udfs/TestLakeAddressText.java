package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions write and read IP addresses in the form the packets table stores: every address
 * of the capture corpus, as the decoder formats it for the lake, is what {@link IpAddresses} makes
 * of the same bytes and of that text.
 */
class TestLakeAddressText {
  private static final Path CORPUS = Paths.get("../../shared/pcaps").toAbsolutePath().normalize();
  private static final List<String> TSHARK_ADDRESS_FIELDS =
      List.of("ip.src", "ip.dst", "ipv6.src", "ipv6.dst");

  @Test
  void everyCorpusAddressHasTheLakeFormInTheFunctions() throws IOException {
    Map<String, String> lakeText = corpusAddresses();
    List<String> mismatches = new ArrayList<>();
    lakeText.forEach(
        (hex, lake) -> {
          byte[] address = HexFormat.of().parseHex(hex);
          String formatted = IpAddresses.format(address);
          String normalized = IpAddresses.normalize(lake);
          if (!lake.equals(formatted) || !lake.equals(normalized)) {
            mismatches.add(lake + ": format " + formatted + ", normalize " + normalized);
          }
          assertThat(IpAddresses.parse(lake)).as(lake).isEqualTo(address);
        });

    assertThat(mismatches).isEmpty();
    assertThat(lakeText.values())
        .anyMatch(text -> text.contains(":"))
        .anyMatch(text -> text.contains("."));
    assertThat(lakeText).hasSizeGreaterThan(500);
  }

  @Test
  void ipv4CompatibleAddressesEndInADottedQuadAsInTheLake() {
    assertThat(IpAddresses.normalize("::c000:201")).isEqualTo("::192.0.2.1");
    assertThat(IpAddresses.normalize("::ffff:c000:201")).isEqualTo("::ffff:192.0.2.1");
    assertThat(IpAddresses.normalize("::1")).isEqualTo("::1");
    assertThat(IpAddresses.normalize("2001:db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
  }

  @Test
  void tsharkAddressTextNormalizesToItself() throws IOException {
    List<String> changed = new ArrayList<>();
    int addresses = 0;
    try (Stream<Path> files = Files.list(CORPUS.resolve("expected"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".fields.tsv")).toList()) {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
          continue;
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        for (String line : lines.subList(1, lines.size())) {
          String[] values = line.split("\t", -1);
          for (String field : TSHARK_ADDRESS_FIELDS) {
            int column = header.indexOf(field);
            // tshark joins the addresses of nested headers with commas; the first is the outer one.
            String text = column < 0 || column >= values.length ? "" : values[column].split(",")[0];
            if (!text.isEmpty()) {
              addresses++;
              if (!text.equals(IpAddresses.normalize(text))) {
                changed.add(file.getFileName() + " " + field + " " + text);
              }
            }
          }
        }
      }
    }
    assertThat(changed).isEmpty();
    assertThat(addresses).isGreaterThan(10_000);
  }

  /** Every distinct IP address of the corpus: its bytes in hex, and its text in the lake. */
  private static Map<String, String> corpusAddresses() throws IOException {
    Map<String, String> addresses = new TreeMap<>();
    PacketDecoder decoder = new PacketDecoder();
    PacketHeaders headers = new PacketHeaders();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file :
          files.filter(path -> path.toString().matches(".*\\.(pcap|pcapng)$")).sorted().toList()) {
        try (CaptureReaders.OpenCapture capture =
            CaptureReaders.openLocal(file, FramingOptions.defaults())) {
          for (PacketRecord record = capture.reader().next();
              record != null;
              record = capture.reader().next()) {
            decoder.decode(
                headers,
                record.linkType(),
                record.data(),
                0,
                record.capturedLength(),
                record.originalLength());
            byte[] source = headers.sourceAddress();
            if (source != null) {
              addresses.put(HexFormat.of().formatHex(source), headers.sourceAddressText());
            }
            byte[] destination = headers.destinationAddress();
            if (destination != null) {
              addresses.put(
                  HexFormat.of().formatHex(destination), headers.destinationAddressText());
            }
          }
        } catch (CorruptCaptureException e) {
          // The few captures whose file header is unreadable hold no addresses to compare.
        }
      }
    }
    return addresses;
  }
}
