package io.packetlake.pcap.app.dns;

import static io.packetlake.pcap.app.tcp.Segments.NO_FLAGS;
import static io.packetlake.pcap.app.tcp.Segments.ascii;
import static io.packetlake.pcap.app.tcp.Segments.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.app.dns.DnsTcpFramer.FramedDnsMessage;
import io.packetlake.pcap.app.tcp.CapturedSegments;
import io.packetlake.pcap.app.tcp.TcpReassembler;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestDnsTcpFramer {
  private static final int LIMIT = 1 << 20;

  private final List<FramedDnsMessage> messages = new ArrayList<>();
  private final DnsTcpFramer framer = new DnsTcpFramer(messages::add);
  private final TcpReassembler reassembler = new TcpReassembler(LIMIT);

  @Test
  void framesAMessageSplitAcrossThreeSegments() {
    byte[] stream = prefixed(ascii("query-bytes"));
    reassembler.add(segment(1, 100, TcpFlags.SYN, new byte[0]), framer);
    reassembler.add(segment(2, 101, NO_FLAGS, Arrays.copyOfRange(stream, 0, 1)), framer);
    reassembler.add(segment(3, 102, NO_FLAGS, Arrays.copyOfRange(stream, 1, 6)), framer);
    assertThat(messages).isEmpty();
    reassembler.add(segment(4, 107, NO_FLAGS, Arrays.copyOfRange(stream, 6, 13)), framer);
    reassembler.finish(framer);

    assertThat(messages).hasSize(1);
    assertMessage(messages.get(0), "query-bytes", 11, true, 4);
    assertThat(framer.unframedBytes()).isZero();
  }

  @Test
  void framesTwoMessagesOfOneSegment() {
    byte[] stream = concat(prefixed(ascii("first")), prefixed(ascii("second")));
    reassembler.add(segment(1, 100, NO_FLAGS, stream), framer);
    reassembler.finish(framer);

    assertThat(messages).hasSize(2);
    assertMessage(messages.get(0), "first", 5, true, 1);
    assertMessage(messages.get(1), "second", 6, true, 1);
  }

  @Test
  void takesTheTriggerOfTheSegmentThatFilledTheGap() {
    byte[] stream = prefixed(ascii("reordered"));
    reassembler.add(segment(1, 100, TcpFlags.SYN, new byte[0]), framer);
    reassembler.add(segment(2, 106, NO_FLAGS, Arrays.copyOfRange(stream, 5, 11)), framer);
    reassembler.add(segment(3, 101, NO_FLAGS, Arrays.copyOfRange(stream, 0, 5)), framer);
    reassembler.add(segment(4, 101, NO_FLAGS, Arrays.copyOfRange(stream, 0, 11)), framer);
    reassembler.finish(framer);

    assertThat(messages).hasSize(1);
    assertMessage(messages.get(0), "reordered", 9, true, 3);
  }

  @Test
  void handsOutTheMessageCutByAGapAndStopsFraming() {
    byte[] stream = concat(prefixed(ascii("complete")), prefixed(ascii("cut-here")));
    reassembler.add(segment(1, 100, TcpFlags.SYN, new byte[0]), framer);
    reassembler.add(segment(2, 101, NO_FLAGS, Arrays.copyOfRange(stream, 0, 14)), framer);
    reassembler.add(segment(3, 117, NO_FLAGS, Arrays.copyOfRange(stream, 16, 20)), framer);
    reassembler.add(segment(4, 121, NO_FLAGS, prefixed(ascii("next"))), framer);
    reassembler.finish(framer);

    assertThat(messages).hasSize(2);
    assertMessage(messages.get(0), "complete", 8, true, 2);
    assertMessage(messages.get(1), "cu", 8, false, 2);
    assertThat(framer.unframedBytes()).isEqualTo(4 + 6);
  }

  @Test
  void handsOutAMessageCutByTheEndOfTheStream() {
    byte[] stream = prefixed(ascii("unfinished"));
    framer.data(stream, 0, 7, segment(1, 0, NO_FLAGS, new byte[0]));
    framer.end(null);

    assertThat(messages).hasSize(1);
    assertMessage(messages.get(0), "unfin", 10, false, 1);
  }

  @Test
  void handsOutAMessageWhoseLengthAloneArrived() {
    framer.data(new byte[] {0, 12}, 0, 2, segment(1, 0, NO_FLAGS, new byte[0]));
    framer.end(null);

    assertThat(messages).hasSize(1);
    assertMessage(messages.get(0), "", 12, false, 1);
  }

  @Test
  void countsALengthCutAfterItsFirstByte() {
    framer.data(new byte[] {0}, 0, 1, segment(1, 0, NO_FLAGS, new byte[0]));
    framer.end(null);

    assertThat(messages).isEmpty();
    assertThat(framer.unframedBytes()).isEqualTo(1);
  }

  @Test
  void framesAnEmptyMessageAndGoesOn() {
    byte[] stream = concat(new byte[] {0, 0}, prefixed(ascii("after")));
    framer.data(stream, 0, stream.length, segment(1, 0, NO_FLAGS, new byte[0]));

    assertThat(messages).hasSize(2);
    assertMessage(messages.get(0), "", 0, true, 1);
    assertMessage(messages.get(1), "after", 5, true, 1);
  }

  @Test
  void framesTheLongestMessage() {
    byte[] message = new byte[0xFFFF];
    Arrays.fill(message, (byte) 'x');
    byte[] stream = prefixed(message);
    framer.data(stream, 0, 40_000, segment(1, 0, NO_FLAGS, new byte[0]));
    framer.data(stream, 40_000, stream.length - 40_000, segment(2, 0, NO_FLAGS, new byte[0]));

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).bytes()).isEqualTo(message);
    assertThat(messages.get(0).declaredLength()).isEqualTo(0xFFFF);
    assertThat(messages.get(0).trigger().recordOffset()).isEqualTo(2);
  }

  @Test
  void framesTheNextStreamFromItsStart() {
    reassembler.add(segment(1, 100, TcpFlags.SYN, new byte[0]), framer);
    reassembler.add(segment(2, 103, NO_FLAGS, prefixed(ascii("lost"))), framer);
    reassembler.add(segment(3, 900, TcpFlags.SYN, new byte[0]), framer);
    reassembler.add(segment(4, 901, NO_FLAGS, prefixed(ascii("new"))), framer);
    reassembler.finish(framer);

    assertThat(messages).hasSize(1);
    assertMessage(messages.get(0), "new", 3, true, 4);
    assertThat(framer.unframedBytes()).isEqualTo(6);
  }

  @Test
  void rejectsMessagesThatContradictTheirLength() {
    PayloadSegment trigger = segment(1, 0, NO_FLAGS, new byte[0]);
    assertThatThrownBy(() -> new FramedDnsMessage(new byte[3], 4, true, trigger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot frame DNS message: 3 bytes of 4 declared cannot be complete");
    assertThatThrownBy(() -> new FramedDnsMessage(new byte[0], 0x10000, false, trigger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot frame DNS message: declared length 65536 is not 0..65535");
  }

  /**
   * The two messages tshark decodes in {@code dns_tcp.pcap} ({@code
   * expected/dns_tcp.pcap.app.tsv}): the query completed by frame 4, the response by frame 6, with
   * their ids and QR bits.
   */
  @Test
  void framesTheMessagesTsharkDecodesInACapture() throws IOException {
    CapturedSegments captured = CapturedSegments.read("dns_tcp.pcap");
    Map<Boolean, TcpReassembler> reassemblers = new HashMap<>();
    Map<Boolean, DnsTcpFramer> framers = new HashMap<>();
    for (PayloadSegment segment : captured.segments()) {
      boolean direction = segment.fromLowerEndpoint();
      reassemblers
          .computeIfAbsent(direction, key -> new TcpReassembler(LIMIT))
          .add(segment, framers.computeIfAbsent(direction, key -> new DnsTcpFramer(messages::add)));
    }
    reassemblers.forEach((direction, reassembler) -> reassembler.finish(framers.get(direction)));

    List<String> framed = new ArrayList<>();
    messages.stream()
        .sorted(Comparator.comparingInt(message -> captured.frameNumber(message.trigger())))
        .forEach(
            message -> {
              assertThat(message.complete()).isTrue();
              byte[] bytes = message.bytes();
              framed.add(
                  "%d\t0x%02x%02x\t%d"
                      .formatted(
                          captured.frameNumber(message.trigger()),
                          bytes[0],
                          bytes[1],
                          (bytes[2] & 0x80) >> 7));
            });
    List<String> expected = new ArrayList<>();
    List<String> lines =
        Files.readAllLines(
            TestCaptures.corpus().resolve("expected/dns_tcp.pcap.app.tsv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split("\t", -1);
      expected.add(
          values[header.indexOf("frame.number")]
              + "\t"
              + values[header.indexOf("dns.id")]
              + "\t"
              + values[header.indexOf("dns.flags.response")]);
    }
    assertThat(framed).isEqualTo(expected).hasSize(2);
    assertThat(messages).extracting(FramedDnsMessage::declaredLength).containsOnly(56, 224);
    framers.values().forEach(framer -> assertThat(framer.unframedBytes()).isZero());
  }

  private static void assertMessage(
      FramedDnsMessage message, String bytes, int declaredLength, boolean complete, long trigger) {
    assertThat(new String(message.bytes(), StandardCharsets.US_ASCII)).isEqualTo(bytes);
    assertThat(message.declaredLength()).isEqualTo(declaredLength);
    assertThat(message.complete()).isEqualTo(complete);
    assertThat(message.trigger().recordOffset()).isEqualTo(trigger);
  }

  private static byte[] prefixed(byte[] message) {
    return concat(new byte[] {(byte) (message.length >> 8), (byte) message.length}, message);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
