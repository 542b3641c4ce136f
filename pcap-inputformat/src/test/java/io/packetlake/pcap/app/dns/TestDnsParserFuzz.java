package io.packetlake.pcap.app.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of {@link DnsParser}: any bytes as a DNS message.
 *
 * <p>The parser must never throw, must not touch its input, must give the same result twice and
 * wherever the message lies in an array, must keep every field in range and its lists and text
 * bounded by the message's length ({@link DnsInvariants}), and must not contradict itself when the
 * message is cut shorter: the records read from a prefix are the first records of the whole.
 */
class TestDnsParserFuzz {
  @FuzzTest(maxDuration = "5m")
  void dnsParsing(byte[] input) {
    String description = hex(input);
    byte[] untouched = input.clone();

    DnsMessage message = DnsParser.parse(input, 0, input.length);

    assertThat(input).as("input after parsing %s", description).isEqualTo(untouched);
    DnsInvariants.check(message, input.length, description);
    assertThat(DnsParser.parse(input, 0, input.length))
        .as("second parse of %s", description)
        .isEqualTo(message);
    byte[] carried = new byte[input.length + 3];
    System.arraycopy(input, 0, carried, 2, input.length);
    assertThat(DnsParser.parse(carried, 2, input.length))
        .as("parse at offset 2 of %s", description)
        .isEqualTo(message);

    for (int cut : new int[] {input.length / 2, input.length - 1}) {
      if (cut < 0) {
        continue;
      }
      DnsMessage prefix = DnsParser.parse(input, 0, cut);
      DnsInvariants.check(prefix, cut, description + " cut to " + cut);
      DnsInvariants.checkPrefix(prefix, message, description + " cut to " + cut);
    }
  }

  private static String hex(byte[] data) {
    String digits = HexFormat.of().formatHex(data, 0, Math.min(data.length, 96));
    return data.length > 96 ? digits + "..." : digits;
  }
}
