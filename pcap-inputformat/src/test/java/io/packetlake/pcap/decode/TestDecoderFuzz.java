package io.packetlake.pcap.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of {@link PacketDecoder} over any link type and bytes.
 *
 * <pre>
 *  0           2                   6
 *  +-----------+-------------------+------------------------
 *  | link type | original length   | captured bytes ...
 *  +-----------+-------------------+------------------------
 *   big-endian; the original length is a signed 32-bit value
 * </pre>
 *
 * The decoder must never throw, must not touch its input, must give the same result twice, must
 * keep every field within its range, and must not contradict itself when fewer bytes are captured:
 * a field decoded from a prefix of the packet has the value decoded from the whole packet.
 */
class TestDecoderFuzz {
  private static final PacketDecoder DECODER = new PacketDecoder();
  static final int HEADER = 6;

  @FuzzTest(maxDuration = "5m")
  void headerDecoding(byte[] input) {
    if (input.length < HEADER) {
      return;
    }
    int linkType = ((input[0] & 0xFF) << 8) | (input[1] & 0xFF);
    int originalLength =
        ((input[2] & 0xFF) << 24)
            | ((input[3] & 0xFF) << 16)
            | ((input[4] & 0xFF) << 8)
            | (input[5] & 0xFF);
    byte[] data = Arrays.copyOfRange(input, HEADER, input.length);
    String description =
        "link type " + linkType + ", original length " + originalLength + ", " + hex(data);

    byte[] untouched = data.clone();
    PacketHeaders headers = DECODER.decode(linkType, data, originalLength);
    assertThat(data).as("input after decoding %s", description).isEqualTo(untouched);
    assertThat(DECODER.decode(linkType, data, originalLength))
        .as("second decoding of %s", description)
        .hasToString(headers.toString());
    checkRanges(headers, data.length, originalLength, description);
    checkRow(linkType, data, originalLength, headers, description);

    // Fields read at fixed places must not change when the capture is cut shorter.
    int wireLength = Math.max(originalLength, data.length);
    PacketHeaders whole = DECODER.decode(linkType, data, wireLength);
    for (int cut : new int[] {data.length / 2, data.length - 1}) {
      if (cut < 0) {
        continue;
      }
      PacketHeaders prefix = DECODER.decode(linkType, Arrays.copyOf(data, cut), wireLength);
      checkRanges(prefix, cut, wireLength, description + " cut to " + cut);
      checkAgrees(prefix, whole, description + " cut to " + cut);
    }
  }

  private static void checkRanges(
      PacketHeaders headers, int capturedLength, int originalLength, String description) {
    long wireLength = Math.max(originalLength, capturedLength);
    assertThat(headers.status()).as(description).isNotNull();
    assertThat(headers.status() == DecodeStatus.UNSUPPORTED_LINK_TYPE)
        .as("unsupported link type of %s", description)
        .isEqualTo(!LinkTypes.isSupported(headers.linkType()));
    assertThat(headers.ipVersion()).as(description).isIn(0, 4, 6);
    if (headers.ipVersion() == 0) {
      assertThat(headers.sourceAddress()).as(description).isNull();
      assertThat(headers.ipProtocol()).as(description).isEqualTo(-1);
      assertThat(headers.sourcePort()).as(description).isEqualTo(-1);
    }
    int addressLength = headers.ipVersion() == 6 ? 16 : 4;
    if (headers.sourceAddress() != null) {
      assertThat(headers.sourceAddress()).as(description).hasSize(addressLength);
    }
    if (headers.destinationAddress() != null) {
      assertThat(headers.destinationAddress()).as(description).hasSize(addressLength);
      assertThat(headers.sourceAddress()).as(description).isNotNull();
    }
    assertThat(headers.vlanCount()).as(description).isBetween(0, EtherTypes.MAX_VLAN_TAGS);
    assertThat(headers.etherType()).as(description).isBetween(-1, 0xFFFF);
    assertThat(headers.ipProtocol()).as(description).isBetween(-1, 0xFF);
    assertThat(headers.ttl()).as(description).isBetween(-1, 0xFF);
    assertThat(headers.sourcePort()).as(description).isBetween(-1, 0xFFFF);
    assertThat(headers.destinationPort()).as(description).isBetween(-1, 0xFFFF);
    assertThat(headers.sourcePort() >= 0).as(description).isEqualTo(headers.destinationPort() >= 0);
    assertThat(headers.tcpFlags()).as(description).isBetween(-1, 0x0FFF);
    assertThat(headers.tcpSequence()).as(description).isBetween(-1L, 0xFFFF_FFFFL);
    assertThat(headers.tcpHeaderLength()).as(description).isBetween(-1, 60);
    assertThat(headers.icmpType()).as(description).isBetween(-1, 0xFF);
    if (headers.ipVersion() == 4) {
      assertThat(headers.ipHeaderLength()).as(description).isBetween(0, 60);
    } else if (headers.ipVersion() == 6 && headers.ipHeaderLength() >= 0) {
      assertThat(headers.ipHeaderLength())
          .as("IPv6 header length of %s", description)
          .isBetween(40, (int) Math.min(wireLength, Integer.MAX_VALUE));
    }
    assertThat((long) headers.payloadLength())
        .as("payload length of %s", description)
        .isBetween(-1L, wireLength);
    if (headers.fragmentOffset() > 0) {
      assertThat(headers.fragment()).as(description).isTrue();
      assertThat(headers.sourcePort()).as(description).isEqualTo(-1);
    }
    if (headers.status() == DecodeStatus.OK && headers.ipVersion() == 4) {
      assertThat(headers.ipHeaderLength()).as(description).isGreaterThanOrEqualTo(20);
      assertThat(headers.ipTotalLength())
          .as(description)
          .isGreaterThanOrEqualTo(headers.ipHeaderLength());
    }
    if (headers.status() == DecodeStatus.OK && headers.tcpFlags() >= 0) {
      assertThat(headers.tcpHeaderLength()).as(description).isBetween(20, 60);
      assertThat(headers.payloadLength()).as(description).isGreaterThanOrEqualTo(0);
    }
  }

  /** The row the decode command prints for the packet: one value per column, on one line. */
  private static void checkRow(
      int linkType, byte[] data, int originalLength, PacketHeaders headers, String description) {
    PacketRecord record =
        new PacketRecord(
            "fuzz", 24, FrameStatus.OK, 0, Math.max(0, originalLength), linkType, data);
    StringBuilder row = new StringBuilder();
    new PacketTsv().appendRow(row, record, headers);
    assertThat(row.toString().split("\t", -1))
        .as("columns of the row of %s", description)
        .hasSize(PacketTsv.COLUMNS.size());
    assertThat(row.toString()).as(description).doesNotContain("\n");
  }

  private static void checkAgrees(PacketHeaders prefix, PacketHeaders whole, String description) {
    agree("ethernetSource", prefix.ethernetSource(), whole.ethernetSource(), description);
    agree(
        "ethernetDestination",
        prefix.ethernetDestination(),
        whole.ethernetDestination(),
        description);
    agree("vlanId", prefix.vlanId(), whole.vlanId(), description);
    agree("ttl", prefix.ttl(), whole.ttl(), description);
    agree("sourcePort", prefix.sourcePort(), whole.sourcePort(), description);
    agree("destinationPort", prefix.destinationPort(), whole.destinationPort(), description);
    agree("tcpSequence", prefix.tcpSequence(), whole.tcpSequence(), description);
    agree("tcpFlags", prefix.tcpFlags(), whole.tcpFlags(), description);
    agree("icmpType", prefix.icmpType(), whole.icmpType(), description);
    if (prefix.ipVersion() != 0) {
      assertThat(prefix.ipVersion())
          .as("ipVersion of %s", description)
          .isEqualTo(whole.ipVersion());
    }
    if (prefix.sourceAddress() != null) {
      assertThat(prefix.sourceAddress())
          .as("sourceAddress of %s", description)
          .isEqualTo(whole.sourceAddress());
    }
    if (prefix.destinationAddress() != null) {
      assertThat(prefix.destinationAddress())
          .as("destinationAddress of %s", description)
          .isEqualTo(whole.destinationAddress());
    }
  }

  private static void agree(String field, long prefix, long whole, String description) {
    if (prefix != -1) {
      assertThat(prefix).as("%s of %s", field, description).isEqualTo(whole);
    }
  }

  private static String hex(byte[] data) {
    String digits = HexFormat.of().formatHex(data, 0, Math.min(data.length, 96));
    return data.length > 96 ? digits + "..." : digits;
  }
}
