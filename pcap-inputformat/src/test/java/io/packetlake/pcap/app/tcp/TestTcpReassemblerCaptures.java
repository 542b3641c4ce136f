package io.packetlake.pcap.app.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reassembles each direction of the TCP connection of real captures and compares it with what
 * tshark 4.0.17 says of the capture ({@code expected/<capture>.fields.tsv} and {@code .tcp.tsv}):
 * the stream is the payload of every segment tshark does not flag as a retransmission, in order;
 * the retransmitted bytes are the duplicates; the sequence numbers tell the stream's length, so
 * what the segments do not cover is the gap. For {@code tcp-reassembly.pcap} the lengths are those
 * of tshark's "Follow TCP Stream" (9997 and 29480 bytes).
 */
class TestTcpReassemblerCaptures {
  private static final int LIMIT = 1 << 20;

  @Test
  void reassemblesAConnectionWithARetransmission() throws IOException {
    Map<String, Direction> directions = reassemble("tcp-reassembly.pcap");
    assertThat(directions.get("172.16.133.54 64370").reassembler.deliveredBytes()).isEqualTo(9997);
    assertThat(directions.get("172.16.133.54 64370").reassembler.duplicateBytes()).isEqualTo(593);
    assertThat(directions.get("23.21.118.18 80").reassembler.deliveredBytes()).isEqualTo(29480);
    for (Direction direction : directions.values()) {
      assertThat(direction.reassembler.gapBytes()).isZero();
      assertThat(direction.consumer.events()).last().asString().startsWith("end @");
    }
  }

  @Test
  void reportsASegmentNeverCapturedAsAGapAtFinish() throws IOException {
    CapturedSegments captured =
        CapturedSegments.read("unidirectional_tcp_stream_with_missing_packet.pcap");
    Map<String, Direction> directions = reassemble(captured);
    assertThat(directions).containsOnlyKeys("10.0.0.1 61541");
    Direction direction = directions.get("10.0.0.1 61541");
    assertThat(direction.reassembler.gapBytes()).isEqualTo(1420);
    assertThat(direction.reassembler.deliveredBytes()).isEqualTo(1420 + 7108);

    // tshark's "Follow TCP Stream" gives the 1420 bytes before the gap; the rest comes at finish.
    List<String> frames = new ArrayList<>();
    for (String event : direction.consumer.events()) {
      frames.add(event.replaceAll("(?s)^(data|gap \\d+|end) .*@", "$1 @"));
    }
    assertThat(frames)
        .containsExactly(
            "data @" + offsetOfFrame(captured, 3),
            "gap 1420 @" + offsetOfFrame(captured, 4),
            "data @" + offsetOfFrame(captured, 4),
            "data @" + offsetOfFrame(captured, 7),
            "data @" + offsetOfFrame(captured, 8),
            "data @" + offsetOfFrame(captured, 9),
            "data @" + offsetOfFrame(captured, 10),
            "data @" + offsetOfFrame(captured, 11),
            "end @" + offsetOfFrame(captured, 14));
  }

  @Test
  void reassemblesDnsOverTcp() throws IOException {
    Map<String, Direction> directions = reassemble("dns_tcp.pcap");
    assertThat(directions.get("192.168.1.11 33779").reassembler.deliveredBytes()).isEqualTo(58);
    assertThat(directions.get("209.87.249.18 53").reassembler.deliveredBytes()).isEqualTo(226);
  }

  private static Map<String, Direction> reassemble(String captureName) throws IOException {
    return reassemble(CapturedSegments.read(captureName));
  }

  /**
   * Reassembles both directions of the capture's one TCP connection and checks each against the
   * tshark expectations; returns them by source address and port.
   */
  private static Map<String, Direction> reassemble(CapturedSegments captured) throws IOException {
    List<PayloadSegment> segments = captured.segments();
    assertThat(segments).isNotEmpty().allMatch(segment -> segment.sameFlow(segments.get(0)));
    Map<String, Direction> directions = new LinkedHashMap<>();
    for (PayloadSegment segment : segments) {
      directions
          .computeIfAbsent(
              key(segment.sourceAddress(), segment.sourcePort()), key -> new Direction())
          .add(segment);
    }
    directions.values().forEach(Direction::finish);

    String captureName = segments.get(0).captureId();
    Map<String, Expected> expected = expected(captureName, captured);
    assertThat(directions).containsOnlyKeys(expected.keySet());
    for (Map.Entry<String, Direction> entry : directions.entrySet()) {
      Direction direction = entry.getValue();
      Expected tshark = expected.get(entry.getKey());
      TcpReassembler reassembler = direction.reassembler;
      String as = captureName + " from " + entry.getKey();
      assertThat(direction.consumer.stream()).as(as).isEqualTo(tshark.stream());
      assertThat(reassembler.deliveredBytes()).as(as).isEqualTo(tshark.stream().length);
      assertThat(reassembler.duplicateBytes()).as(as).isEqualTo(tshark.retransmittedBytes());
      assertThat(reassembler.gapBytes())
          .as(as)
          .isEqualTo(tshark.streamLength() - tshark.stream().length);
      assertThat(reassembler.cutOffBytes()).as(as).isZero();
      assertThat(reassembler.finSeen() || reassembler.resetSeen())
          .as(as)
          .isEqualTo(tshark.closed());
    }
    return directions;
  }

  /** What tshark says of each direction, by source address and port. */
  private static Map<String, Expected> expected(String captureName, CapturedSegments captured)
      throws IOException {
    Path directory = TestCaptures.corpus().resolve("expected");
    List<Map<String, String>> fields = readTsv(directory.resolve(captureName + ".fields.tsv"));
    Map<String, Map<String, String>> analysis = new HashMap<>();
    for (Map<String, String> row : readTsv(directory.resolve(captureName + ".tcp.tsv"))) {
      analysis.put(row.get("frame.number"), row);
    }
    Map<Integer, byte[]> payloads = new HashMap<>();
    for (PayloadSegment segment : captured.segments()) {
      payloads.put(captured.frameNumber(segment), segment.payload());
    }
    Map<String, ExpectedBuilder> builders = new LinkedHashMap<>();
    for (Map<String, String> row : fields) {
      boolean tcp = row.get("ip.proto").equals("6") || row.get("ipv6.nxt").equals("6");
      if (!tcp) {
        // tshark also fills tcp.* from packets quoted inside others (sFlow samples).
        continue;
      }
      String source = row.get("ip.src").isEmpty() ? row.get("ipv6.src") : row.get("ip.src");
      ExpectedBuilder builder =
          builders.computeIfAbsent(
              key(source, Integer.parseInt(row.get("tcp.srcport"))), key -> new ExpectedBuilder());
      Map<String, String> flags = analysis.get(row.get("frame.number"));
      boolean retransmission =
          !flags.get("tcp.analysis.retransmission").isEmpty()
              || !flags.get("tcp.analysis.fast_retransmission").isEmpty()
              || !flags.get("tcp.analysis.spurious_retransmission").isEmpty();
      builder.add(
          Long.parseLong(row.get("tcp.seq_raw")),
          Integer.decode(row.get("tcp.flags")),
          Integer.parseInt(row.get("tcp.len")),
          retransmission,
          payloads.get(Integer.parseInt(row.get("frame.number"))));
    }
    Map<String, Expected> expected = new LinkedHashMap<>();
    builders.forEach((key, builder) -> expected.put(key, builder.build()));
    return expected;
  }

  private static List<Map<String, String>> readTsv(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split("\t", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split("\t", -1);
      Map<String, String> row = new HashMap<>();
      for (int column = 0; column < header.length; column++) {
        row.put(header[column], column < values.length ? values[column] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static long offsetOfFrame(CapturedSegments captured, int frameNumber) {
    return captured.segments().stream()
        .filter(segment -> captured.frameNumber(segment) == frameNumber)
        .findFirst()
        .orElseThrow()
        .recordOffset();
  }

  private static String key(String address, int port) {
    return address + " " + port;
  }

  private record Expected(
      byte[] stream, long retransmittedBytes, long streamLength, boolean closed) {}

  /** Accumulates one direction's frames, in frame order (these captures have none reordered). */
  private static final class ExpectedBuilder {
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    private long retransmittedBytes;
    private Long startSequence;
    private long streamLength;
    private boolean closed;

    void add(long sequence, int flags, int length, boolean retransmission, byte[] payload) {
      closed |= (flags & (TcpFlags.FIN | TcpFlags.RST)) != 0;
      if ((flags & TcpFlags.SYN) != 0) {
        startSequence = sequence + 1;
      }
      if (length == 0) {
        return;
      }
      if (startSequence == null) {
        startSequence = sequence;
      }
      streamLength = Math.max(streamLength, ((sequence - startSequence) & 0xFFFF_FFFFL) + length);
      if (retransmission) {
        retransmittedBytes += length;
      } else {
        assertThat(payload).hasSize(length);
        stream.writeBytes(payload);
      }
    }

    Expected build() {
      return new Expected(
          Arrays.copyOf(stream.toByteArray(), stream.size()),
          retransmittedBytes,
          streamLength,
          closed);
    }
  }

  /** One direction of the connection, reassembled into a recording consumer. */
  private static final class Direction {
    final TcpReassembler reassembler = new TcpReassembler(LIMIT);
    final RecordingConsumer consumer = new RecordingConsumer();

    void add(PayloadSegment segment) {
      reassembler.add(segment, consumer);
    }

    void finish() {
      reassembler.finish(consumer);
    }
  }
}
