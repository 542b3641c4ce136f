package io.packetlake.pcap.app.tcp;

import static io.packetlake.pcap.app.tcp.Segments.NO_FLAGS;
import static io.packetlake.pcap.app.tcp.Segments.ascii;
import static io.packetlake.pcap.app.tcp.Segments.cut;
import static io.packetlake.pcap.app.tcp.Segments.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestTcpReassembler {
  private static final int LIMIT = 1 << 20;
  private static final byte[] NONE = new byte[0];

  private final RecordingConsumer consumer = new RecordingConsumer();

  @Test
  void deliversSegmentsInOrderFromTheSyn() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "hello"), consumer);
    reassembler.add(segment(3, 106, " world"), consumer);
    reassembler.add(segment(4, 112, TcpFlags.FIN | TcpFlags.ACK, NONE), consumer);
    assertThat(reassembler.finSeen()).isTrue();
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("data \"hello\" @2", "data \" world\" @3", "end @4");
    assertCounters(reassembler, 11, 0, 0, 0);
    assertThat(reassembler.resetSeen()).isFalse();
  }

  @Test
  void deliversRetransmittedBytesOnce() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "hello"), consumer);
    reassembler.add(segment(3, 101, "hello"), consumer);
    reassembler.add(segment(4, 106, " world"), consumer);
    reassembler.add(segment(5, 106, " world"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.text()).isEqualTo("hello world");
    assertCounters(reassembler, 11, 11, 0, 0);
  }

  @Test
  void keepsTheFirstBytesReceivedWhenSegmentsOverlap() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "hello"), consumer);
    reassembler.add(segment(3, 103, "LLO WORLD"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("data \"hello\" @2", "data \" WORLD\" @3", "end @3");
    assertCounters(reassembler, 11, 3, 0, 0);
  }

  @Test
  void buffersSegmentsAheadUntilTheGapIsFilled() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 107, "world"), consumer);
    reassembler.add(segment(3, 104, "lo "), consumer);
    assertThat(consumer.events()).isEmpty();
    assertThat(reassembler.bufferedBytes()).isEqualTo(8);

    reassembler.add(segment(4, 101, "hel"), consumer);
    assertThat(consumer.events())
        .containsExactly("data \"hel\" @4", "data \"lo \" @4", "data \"world\" @4");
    assertThat(reassembler.bufferedBytes()).isZero();
    reassembler.finish(consumer);
    assertCounters(reassembler, 11, 0, 0, 0);
  }

  @Test
  void keepsTheFirstBytesReceivedAmongBufferedSegments() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 103, "cd"), consumer);
    reassembler.add(segment(3, 102, "BCDEF"), consumer);
    reassembler.add(segment(4, 105, "XY"), consumer);
    assertThat(reassembler.bufferedBytes()).isEqualTo(5);

    reassembler.add(segment(5, 101, "aBc"), consumer);
    reassembler.finish(consumer);
    assertThat(consumer.text()).isEqualTo("aBcdEF");
    assertThat(consumer.events()).allMatch(event -> event.endsWith("@5"));
    assertCounters(reassembler, 6, 2 + 2 + 2, 0, 0);
  }

  @Test
  void reportsAGapNeverFilledAtFinishThenTheBytesAfterIt() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "ab"), consumer);
    reassembler.add(segment(3, 105, "ef"), consumer);
    reassembler.add(segment(4, 107, "gh"), consumer);
    reassembler.add(segment(5, 111, "kl"), consumer);
    assertThat(consumer.events()).containsExactly("data \"ab\" @2");

    reassembler.finish(consumer);
    assertThat(consumer.events())
        .containsExactly(
            "data \"ab\" @2",
            "gap 2 @3",
            "data \"ef\" @3",
            "data \"gh\" @4",
            "gap 2 @5",
            "data \"kl\" @5",
            "end @5");
    assertCounters(reassembler, 8, 0, 4, 0);
    assertThat(reassembler.bufferedBytes()).isZero();
  }

  @Test
  void cutsTheStreamAtTheLimitAndCountsTheRest() {
    TcpReassembler reassembler = new TcpReassembler(8);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "abcdef"), consumer);
    reassembler.add(segment(3, 107, "ghijkl"), consumer);
    assertCounters(reassembler, 8, 0, 0, 4);

    reassembler.add(segment(4, 107, "ghijkl"), consumer);
    assertCounters(reassembler, 8, 2, 0, 4);

    reassembler.add(segment(5, 113, "mnop"), consumer);
    reassembler.finish(consumer);
    assertThat(consumer.events()).containsExactly("data \"abcdef\" @2", "data \"gh\" @3", "end @5");
    assertCounters(reassembler, 8, 2, 0, 8);
  }

  @Test
  void neverBuffersPastTheLimit() {
    TcpReassembler reassembler = new TcpReassembler(8);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 104, "defghijk"), consumer);
    assertThat(reassembler.bufferedBytes()).isEqualTo(5);
    assertThat(reassembler.cutOffBytes()).isEqualTo(3);
    reassembler.add(segment(3, 112, "l".repeat(1000)), consumer);
    assertThat(reassembler.bufferedBytes()).isEqualTo(5);

    reassembler.add(segment(4, 101, "abc"), consumer);
    reassembler.finish(consumer);
    assertThat(consumer.events()).containsExactly("data \"abc\" @4", "data \"defgh\" @4", "end @4");
    assertCounters(reassembler, 8, 0, 0, 1003);
  }

  @Test
  void followsSequenceNumbersAcrossTheWrapAround() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 0xFFFF_FFFDL), consumer);
    reassembler.add(segment(2, 0xFFFF_FFFEL, "ab"), consumer);
    reassembler.add(segment(3, 2, "ef"), consumer);
    reassembler.add(segment(4, 0, "cd"), consumer);
    reassembler.add(segment(5, 0xFFFF_FFFFL, "bcd"), consumer);
    reassembler.add(segment(6, 4, "gh"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly(
            "data \"ab\" @2", "data \"cd\" @4", "data \"ef\" @4", "data \"gh\" @6", "end @6");
    assertCounters(reassembler, 8, 3, 0, 0);
  }

  @Test
  void startsAtTheFirstDataSegmentWithoutASyn() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(segment(1, 7777, TcpFlags.ACK, NONE), consumer);
    reassembler.add(segment(2, 0xFFFF_FFFFL, "xy"), consumer);
    reassembler.add(segment(3, 0xFFFF_FFFAL, "before"), consumer);
    reassembler.add(segment(4, 1, "z"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events()).containsExactly("data \"xy\" @2", "data \"z\" @4", "end @4");
    assertCounters(reassembler, 3, 6, 0, 0);
  }

  @Test
  void adoptsALateSynOfTheSameStream() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(segment(1, 101, "hello"), consumer);
    reassembler.add(syn(2, 100), consumer);
    reassembler.add(segment(3, 106, "!"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events()).containsExactly("data \"hello\" @1", "data \"!\" @3", "end @3");
  }

  @Test
  void endsTheStreamAtASynWithAnotherInitialSequenceNumber() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "hello"), consumer);
    reassembler.add(syn(3, 100), consumer);
    reassembler.add(segment(4, 106, TcpFlags.FIN | TcpFlags.ACK, NONE), consumer);
    assertThat(reassembler.finSeen()).isTrue();

    reassembler.add(syn(5, 5000), consumer);
    assertThat(reassembler.finSeen()).isFalse();
    reassembler.add(segment(6, 5001, "again"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("data \"hello\" @2", "end @4", "data \"again\" @6", "end @6");
    assertCounters(reassembler, 10, 0, 0, 0);
  }

  @Test
  void finishesWhatABufferedStreamHeldWhenANewConnectionStarts() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 103, "cd"), consumer);
    reassembler.add(syn(3, 900), consumer);
    reassembler.add(segment(4, 901, "new"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("gap 2 @2", "data \"cd\" @2", "end @2", "data \"new\" @4", "end @4");
  }

  @Test
  void reportsTheTailCutBySnapLengthAsAGap() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(cut(2, 101, NO_FLAGS, ascii("abc"), 6), consumer);
    reassembler.add(segment(3, 107, "ghi"), consumer);
    reassembler.add(segment(4, 101, "abcdef"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("data \"abc\" @2", "gap 3 @2", "data \"ghi\" @3", "end @4");
    assertCounters(reassembler, 6, 6, 3, 0);
  }

  @Test
  void keepsTheSnapLengthGapOfABufferedSegment() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(cut(2, 104, NO_FLAGS, ascii("d"), 3), consumer);
    reassembler.add(segment(3, 104, "DEF"), consumer);
    reassembler.add(segment(4, 107, "g"), consumer);
    reassembler.add(segment(5, 101, "abc"), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events())
        .containsExactly("data \"abc\" @5", "data \"d\" @5", "gap 2 @5", "data \"g\" @5", "end @5");
    assertCounters(reassembler, 5, 3, 2, 0);
  }

  @Test
  void ignoresZeroLengthSegments() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, TcpFlags.ACK, NONE), consumer);
    reassembler.add(segment(3, 5_000_000, TcpFlags.ACK, NONE), consumer);
    reassembler.add(segment(4, 101, "ab"), consumer);
    reassembler.add(segment(5, 103, TcpFlags.ACK, NONE), consumer);
    reassembler.finish(consumer);

    assertThat(consumer.events()).containsExactly("data \"ab\" @4", "end @5");
    assertCounters(reassembler, 2, 0, 0, 0);
  }

  @Test
  void recordsAReset() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(syn(1, 100), consumer);
    reassembler.add(segment(2, 101, "ab"), consumer);
    reassembler.add(segment(3, 103, TcpFlags.RST | TcpFlags.ACK, NONE), consumer);
    reassembler.add(segment(4, 101, "ab"), consumer);
    assertThat(reassembler.resetSeen()).isTrue();
    assertThat(reassembler.finSeen()).isFalse();
    reassembler.finish(consumer);

    assertThat(consumer.events()).containsExactly("data \"ab\" @2", "end @4");
    assertCounters(reassembler, 2, 2, 0, 0);
    assertThat(reassembler.resetSeen()).isTrue();
  }

  @Test
  void endsAStreamWithoutSegments() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.finish(consumer);
    assertThat(consumer.events()).containsExactly("end");
  }

  @Test
  void deliversTheDataOfASyn() {
    TcpReassembler reassembler = new TcpReassembler(LIMIT);
    reassembler.add(segment(1, 100, TcpFlags.SYN, ascii("fast")), consumer);
    reassembler.add(segment(2, 105, "open"), consumer);
    reassembler.finish(consumer);
    assertThat(consumer.text()).isEqualTo("fastopen");
  }

  @Test
  void rebuildsAStreamFromShuffledAndRepeatedSegments() {
    Random random = new Random(20240611);
    for (int round = 0; round < 200; round++) {
      byte[] stream = new byte[random.nextInt(3000) + 1];
      random.nextBytes(stream);
      long initialSequence = 0xFFFF_FFFFL - random.nextInt(2000);
      List<PayloadSegment> segments = new ArrayList<>();
      int sent = 0;
      for (int covered = 0; covered < stream.length; ) {
        int start = Math.max(0, covered - random.nextInt(50));
        int end = Math.min(stream.length, covered + random.nextInt(300) + 1);
        covered = end;
        byte[] payload = Arrays.copyOfRange(stream, start, end);
        long sequence = (initialSequence + 1 + start) & 0xFFFF_FFFFL;
        segments.add(segment(segments.size() + 2, sequence, NO_FLAGS, payload));
        sent += payload.length;
        if (random.nextInt(4) == 0) {
          segments.add(segment(segments.size() + 2, sequence, NO_FLAGS, payload));
          sent += payload.length;
        }
      }
      Collections.shuffle(segments, random);
      RecordingConsumer recording = new RecordingConsumer();
      TcpReassembler reassembler = new TcpReassembler(LIMIT);
      reassembler.add(syn(1, initialSequence), recording);
      segments.forEach(segment -> reassembler.add(segment, recording));
      reassembler.finish(recording);

      assertThat(recording.stream()).as("round %d", round).isEqualTo(stream);
      assertCounters(reassembler, stream.length, sent - stream.length, 0, 0);
      assertThat(reassembler.bufferedBytes()).isZero();
    }
  }

  /**
   * Loses, repeats, cuts and shuffles segments of random streams under a small limit: every byte
   * delivered is the stream's byte at its position, and delivered, gap and cut-off bytes together
   * cover the stream up to the furthest segment sent.
   */
  @Test
  void accountsForEveryByteUpToTheFurthestSegment() {
    Random random = new Random(7766);
    for (int round = 0; round < 300; round++) {
      byte[] stream = new byte[random.nextInt(2000) + 1];
      random.nextBytes(stream);
      int limit = random.nextInt(2500) + 1;
      long initialSequence = random.nextLong() & 0xFFFF_FFFFL;
      List<PayloadSegment> segments = new ArrayList<>();
      long furthest = 0;
      for (int covered = 0; covered < stream.length; ) {
        int start = Math.max(0, covered - random.nextInt(50));
        int end = Math.min(stream.length, covered + random.nextInt(300) + 1);
        covered = end;
        int copies = random.nextInt(5) == 0 ? 0 : random.nextInt(3) + 1;
        for (int copy = 0; copy < copies; copy++) {
          int captured = random.nextInt(6) == 0 ? random.nextInt(end - start + 1) : end - start;
          byte[] payload = Arrays.copyOfRange(stream, start, start + captured);
          long sequence = (initialSequence + 1 + start) & 0xFFFF_FFFFL;
          segments.add(cut(segments.size() + 2, sequence, NO_FLAGS, payload, end - start));
          furthest = Math.max(furthest, end);
        }
      }
      Collections.shuffle(segments, random);
      PositionCheckingConsumer checking = new PositionCheckingConsumer(stream);
      TcpReassembler reassembler = new TcpReassembler(limit);
      reassembler.add(syn(1, initialSequence), checking);
      for (PayloadSegment segment : segments) {
        reassembler.add(segment, checking);
        assertThat(reassembler.bufferedBytes()).isLessThanOrEqualTo(limit);
      }
      reassembler.finish(checking);

      assertThat(checking.position).as("round %d", round).isEqualTo(Math.min(furthest, limit));
      assertThat(reassembler.deliveredBytes() + reassembler.gapBytes() + reassembler.cutOffBytes())
          .as("round %d", round)
          .isEqualTo(furthest);
      assertThat(reassembler.deliveredBytes()).isEqualTo(checking.delivered);
    }
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new TcpReassembler(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot make reassembler: maxStreamBytes 0 is not positive");
  }

  @Test
  void rejectsUdp() {
    PayloadSegment udp =
        new PayloadSegment(
            "capture",
            "capture.pcap",
            24,
            0,
            IpProtocols.UDP,
            "10.0.0.1",
            53,
            "10.0.0.2",
            53,
            1,
            -1,
            0,
            0,
            NONE);
    assertThatThrownBy(() -> new TcpReassembler(LIMIT).add(udp, consumer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot reassemble segment at offset 24 of capture.pcap: IP protocol 17 is not TCP");
  }

  /** Checks that every byte delivered is the stream's byte at the position the events reach. */
  private static final class PositionCheckingConsumer implements StreamConsumer {
    private final byte[] stream;
    private long position;
    private long delivered;

    PositionCheckingConsumer(byte[] stream) {
      this.stream = stream;
    }

    @Override
    public void data(byte[] bytes, int offset, int length, PayloadSegment trigger) {
      assertThat(Arrays.copyOfRange(bytes, offset, offset + length))
          .isEqualTo(Arrays.copyOfRange(stream, (int) position, (int) position + length));
      position += length;
      delivered += length;
    }

    @Override
    public void gap(long missingBytes, PayloadSegment trigger) {
      assertThat(missingBytes).isPositive();
      position += missingBytes;
    }

    @Override
    public void end(PayloadSegment last) {}
  }

  private static PayloadSegment syn(long recordOffset, long initialSequence) {
    return segment(recordOffset, initialSequence, TcpFlags.SYN, NONE);
  }

  private static void assertCounters(
      TcpReassembler reassembler, long delivered, long duplicate, long gap, long cutOff) {
    assertThat(reassembler.deliveredBytes()).as("delivered").isEqualTo(delivered);
    assertThat(reassembler.duplicateBytes()).as("duplicate").isEqualTo(duplicate);
    assertThat(reassembler.gapBytes()).as("gap").isEqualTo(gap);
    assertThat(reassembler.cutOffBytes()).as("cut off").isEqualTo(cutOff);
  }
}
