package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.decode.DecodeStatus;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.PacketRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every generated packet decodes cleanly in the project's own decoder, to the same fields. */
final class TestGeneratedCapturesDecode {
  private final PacketDecoder decoder = new PacketDecoder();

  @Test
  void everyPcapPacketDecodesOk() {
    assertDecodesOk(GeneratedCaptures.pcap());
  }

  @Test
  void everyPcapngPacketDecodesOk() {
    assertDecodesOk(GeneratedCaptures.pcapng());
  }

  private void assertDecodesOk(Path file) {
    List<String> wrong = new ArrayList<>();
    int count = 0;
    for (PacketRecord record : GeneratedCaptures.readAll(file)) {
      PacketHeaders headers =
          decoder.decode(record.linkType(), record.data(), record.originalLength());
      if (headers.status() != DecodeStatus.OK) {
        wrong.add(headers.status() + " " + headers);
      }
      count++;
    }
    assertThat(wrong).isEmpty();
    assertThat(count).isEqualTo(GeneratedCaptures.PACKETS);
  }

  @Test
  void decodedFieldsMatchTheGeneratedOnes() {
    List<PacketRecord> records = GeneratedCaptures.readAll(GeneratedCaptures.pcap());
    List<ParsedFrame> frames = GeneratedCaptures.frames();
    for (int index = 0; index < records.size(); index++) {
      PacketRecord record = records.get(index);
      ParsedFrame frame = frames.get(index);
      PacketHeaders headers =
          decoder.decode(record.linkType(), record.data(), record.originalLength());
      assertThat(headers.status()).isEqualTo(DecodeStatus.OK);
      assertThat(headers.vlanId()).isEqualTo(frame.vlanId());
      assertThat(headers.ipVersion()).isEqualTo(frame.ipVersion());
      assertThat(headers.ipProtocol()).isEqualTo(frame.protocol());
      assertThat(headers.fragment()).isEqualTo(frame.fragment());
      assertThat(headers.sourceAddress()).isEqualTo(frame.source());
      if (frame.sourcePort() >= 0) {
        assertThat(headers.sourcePort()).isEqualTo(frame.sourcePort());
        assertThat(headers.destinationPort()).isEqualTo(frame.destinationPort());
        if (!frame.fragment()) {
          // For a first fragment the decoder counts the payload in this packet only.
          assertThat(headers.payloadLength()).isEqualTo(frame.payloadLength());
        }
      }
      if (frame.isTcp()) {
        assertThat(headers.tcpSequence()).isEqualTo(frame.sequence());
        assertThat(headers.tcpFlags()).isEqualTo(frame.tcpFlags());
      }
    }
  }
}
