package io.packetlake.pcap.app.tcp;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.TcpFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reassembles one direction of one TCP connection into its byte stream, in sequence order (RFC 9293
 * section 3.4), and hands it to a {@link StreamConsumer}. The caller routes the directions: every
 * segment given to one reassembler was sent by the same endpoint, and segments come in {@link
 * PayloadSegment#ORDER}, one flow at a time.
 *
 * <p>Where the stream starts: at the SYN's sequence number plus one when the SYN was seen;
 * otherwise (a capture that began mid-connection) at the first data segment's sequence number. A
 * SYN whose initial sequence number differs from the stream's is a new connection on the same
 * addresses and ports: the current stream is {@linkplain #finish finished} and a new one starts at
 * that SYN. A retransmitted SYN (same number) changes nothing, and a SYN seen after data that
 * started the stream is adopted when its number is the one just before the stream's first byte.
 * Sequence numbers are compared modulo 2^32 as the signed 32-bit distance from the next expected
 * byte, so a stream may wrap around.
 *
 * <p>The rules, the bytes of the stream being numbered from 0 at its start:
 *
 * <ul>
 *   <li><b>The first bytes received win.</b> Bytes already delivered or already buffered are never
 *       replaced by a retransmitted or overlapping segment, whatever it carries; they count as
 *       {@link #duplicateBytes()}, as do bytes before the stream's start. This is what tshark's
 *       reassembly does, so a stream reads as tshark's "Follow TCP Stream" shows it.
 *   <li><b>Out of order.</b> Bytes ahead of the next expected byte are buffered; when a segment
 *       fills the gap before them they are delivered in order, all with that segment as the trigger
 *       (its arrival is when the bytes became readable).
 *   <li><b>The limit.</b> Only bytes 0 to {@code maxStreamBytes - 1} are delivered or buffered, so
 *       the buffer never holds more than {@code maxStreamBytes}; the stream's bytes past the limit
 *       are {@link #cutOffBytes()}, counted by sequence numbers up to the furthest segment seen (a
 *       retransmission past the limit is not counted twice, nothing past it is remembered).
 *   <li><b>Snap length.</b> A segment whose payload was cut by the capture's snap length delivers
 *       its captured bytes and then a {@linkplain StreamConsumer#gap gap} for the missing tail,
 *       with itself as the trigger; later bytes continue after the gap. The missing tail occupies
 *       its sequence numbers like received bytes do, so a later retransmission does not fill it
 *       (first received wins again).
 *   <li><b>A gap never filled.</b> At {@link #finish} the buffered bytes are delivered in order,
 *       each run preceded by a gap for the bytes missing before it, and a last gap covers the bytes
 *       up to the furthest segment seen (within the limit). Delivering what follows a gap lets a
 *       consumer that can resynchronise do so, and one that cannot (a length-prefixed framing)
 *       count what it gives up; tshark 4.0's "Follow TCP Stream" stops at the gap. Bytes delivered
 *       at finish have the segment that carried them as their trigger, and a gap the segment after
 *       it (the last segment seen for the last gap).
 *   <li><b>FIN and RST</b> are recorded ({@link #finSeen()}, {@link #resetSeen()}); the driver ends
 *       the stream with {@link #finish} when the flow ends. Segments after them are taken as any
 *       other (they are retransmissions at most).
 * </ul>
 *
 * <p>After {@link #finish}, every byte of the stream up to the furthest segment seen was either
 * delivered, reported as a gap or cut off: {@code deliveredBytes + gapBytes + cutOffBytes} is the
 * stream's length as far as seen. The counters add up over the streams a reassembler handles.
 *
 * <p>Memory: direct delivery lends the segment's own payload; only out-of-order bytes are copied,
 * and those lie within the limit, so a reassembler holds at most {@code maxStreamBytes} bytes; no
 * length read from a packet sizes an allocation.
 */
public final class TcpReassembler {
  private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;

  private final int maxStreamBytes;

  /** Bytes ahead of {@link #nextOffset}, by stream offset; pieces never overlap. */
  private final NavigableMap<Long, Piece> outOfOrder = new TreeMap<>();

  private boolean started;
  private boolean synSeen;
  private long initialSequence;
  private long startSequence;
  private long nextOffset;
  private long furthestOffset;
  private long bufferedBytes;
  private PayloadSegment last;
  private boolean finSeen;
  private boolean resetSeen;
  private boolean ended;

  private long deliveredBytes;
  private long duplicateBytes;
  private long cutOffBytes;
  private long gapBytes;

  /**
   * @param maxStreamBytes how many bytes of the stream, from its start, are delivered
   * @throws IllegalArgumentException when {@code maxStreamBytes} is not positive
   */
  public TcpReassembler(int maxStreamBytes) {
    if (maxStreamBytes <= 0) {
      throw new IllegalArgumentException(
          "Cannot make reassembler: maxStreamBytes %d is not positive".formatted(maxStreamBytes));
    }
    this.maxStreamBytes = maxStreamBytes;
  }

  /**
   * Takes the next segment of this direction, delivering to {@code consumer} the bytes that become
   * readable in order; a SYN of a new connection first finishes the current stream.
   *
   * @throws IllegalArgumentException when the segment is not TCP
   */
  public void add(PayloadSegment segment, StreamConsumer consumer) {
    requireNonNull(segment, "segment is null");
    requireNonNull(consumer, "consumer is null");
    if (!segment.isTcp()) {
      throw new IllegalArgumentException(
          "Cannot reassemble segment at offset %d of %s: IP protocol %d is not TCP"
              .formatted(segment.recordOffset(), segment.captureFile(), segment.ipProtocol()));
    }
    long sequence = segment.tcpSequence() & SEQUENCE_MASK;
    boolean syn = TcpFlags.isSet(segment.tcpFlags(), TcpFlags.SYN);
    if (syn && startsNewConnection(sequence)) {
      finish(consumer);
    }
    if (ended) {
      finSeen = false;
      resetSeen = false;
      ended = false;
    }
    if (syn && !synSeen) {
      synSeen = true;
      initialSequence = sequence;
      if (!started) {
        started = true;
        startSequence = (sequence + 1) & SEQUENCE_MASK;
      }
    }
    last = segment;
    finSeen |= TcpFlags.isSet(segment.tcpFlags(), TcpFlags.FIN);
    resetSeen |= TcpFlags.isSet(segment.tcpFlags(), TcpFlags.RST);
    if (segment.payloadLength() == 0) {
      return;
    }
    // A SYN's data (TCP Fast Open) starts after the sequence number the SYN itself takes.
    long dataSequence = syn ? (sequence + 1) & SEQUENCE_MASK : sequence;
    if (!started) {
      started = true;
      startSequence = dataSequence;
    }
    long nextSequence = (startSequence + nextOffset) & SEQUENCE_MASK;
    long start = nextOffset + (int) (dataSequence - nextSequence);
    accept(segment, start, start + segment.payloadLength(), consumer);
  }

  /**
   * Ends the stream: delivers what is buffered after gaps never filled (each run after a {@link
   * StreamConsumer#gap}), reports the bytes missing up to the furthest segment seen, then calls
   * {@link StreamConsumer#end} with the last segment seen. The next segment given starts a new
   * stream.
   */
  public void finish(StreamConsumer consumer) {
    requireNonNull(consumer, "consumer is null");
    for (Map.Entry<Long, Piece> entry = outOfOrder.pollFirstEntry();
        entry != null;
        entry = outOfOrder.pollFirstEntry()) {
      Piece piece = entry.getValue();
      if (piece.start() > nextOffset) {
        reportGap(piece.start() - nextOffset, piece.segment(), consumer);
      }
      deliver(piece, piece.segment(), consumer);
    }
    long reached = Math.min(furthestOffset, maxStreamBytes);
    if (reached > nextOffset) {
      reportGap(reached - nextOffset, last, consumer);
    }
    consumer.end(last);
    started = false;
    synSeen = false;
    nextOffset = 0;
    furthestOffset = 0;
    bufferedBytes = 0;
    last = null;
    ended = true;
  }

  public int maxStreamBytes() {
    return maxStreamBytes;
  }

  /** Bytes handed to {@link StreamConsumer#data}. */
  public long deliveredBytes() {
    return deliveredBytes;
  }

  /** Bytes received again (retransmitted or overlapping) or from before the stream's start. */
  public long duplicateBytes() {
    return duplicateBytes;
  }

  /** The streams' bytes past {@link #maxStreamBytes}, by sequence numbers; never delivered. */
  public long cutOffBytes() {
    return cutOffBytes;
  }

  /** Bytes reported by {@link StreamConsumer#gap}: never captured. */
  public long gapBytes() {
    return gapBytes;
  }

  /** Bytes held now, received ahead of a gap. */
  public long bufferedBytes() {
    return bufferedBytes;
  }

  /** Whether the current stream (or, after {@link #finish}, the one finished) had a FIN. */
  public boolean finSeen() {
    return finSeen;
  }

  /** Whether the current stream (or, after {@link #finish}, the one finished) had an RST. */
  public boolean resetSeen() {
    return resetSeen;
  }

  private boolean startsNewConnection(long synSequence) {
    if (!started) {
      return false;
    }
    if (synSeen) {
      return synSequence != initialSequence;
    }
    return ((synSequence + 1) & SEQUENCE_MASK) != startSequence;
  }

  /** Takes the stream bytes {@code [start, end)} of {@code segment}. */
  private void accept(PayloadSegment segment, long start, long end, StreamConsumer consumer) {
    if (end > maxStreamBytes) {
      long alreadyCut = Math.max(furthestOffset, maxStreamBytes);
      cutOffBytes += Math.max(0, end - alreadyCut);
    }
    furthestOffset = Math.max(furthestOffset, end);
    duplicateBytes += Math.max(0, Math.min(end, nextOffset) - start);
    long from = Math.max(start, nextOffset);
    long to = Math.min(end, maxStreamBytes);
    if (from >= to) {
      return;
    }
    if (from == nextOffset && outOfOrder.isEmpty()) {
      long capturedEnd = Math.min(to, start + segment.payload().length);
      if (capturedEnd > from) {
        int length = (int) (capturedEnd - from);
        consumer.data(segment.payload(), (int) (from - start), length, segment);
        deliveredBytes += length;
      }
      if (to > capturedEnd) {
        reportGap(to - Math.max(from, capturedEnd), segment, consumer);
      }
      nextOffset = to;
      return;
    }
    buffer(segment, start, from, to);
    for (Map.Entry<Long, Piece> first = outOfOrder.firstEntry();
        first != null && first.getKey() == nextOffset;
        first = outOfOrder.firstEntry()) {
      outOfOrder.pollFirstEntry();
      deliver(first.getValue(), segment, consumer);
    }
  }

  /**
   * Buffers the bytes {@code [from, to)} of {@code segment} (which starts at {@code start}) that no
   * buffered piece holds yet; the others are duplicates.
   */
  private void buffer(PayloadSegment segment, long start, long from, long to) {
    List<Piece> added = new ArrayList<>();
    long cursor = from;
    Long floor = outOfOrder.floorKey(from);
    for (Piece held : outOfOrder.subMap(floor == null ? from : floor, true, to, false).values()) {
      if (held.end() <= cursor) {
        continue;
      }
      if (held.start() > cursor) {
        cut(segment, start, cursor, held.start(), added);
      }
      long overlapEnd = Math.min(held.end(), to);
      duplicateBytes += overlapEnd - Math.max(held.start(), cursor);
      cursor = overlapEnd;
    }
    if (cursor < to) {
      cut(segment, start, cursor, to, added);
    }
    for (Piece piece : added) {
      outOfOrder.put(piece.start(), piece);
      if (piece.bytes() != null) {
        bufferedBytes += piece.length();
      }
    }
  }

  /** The pieces of {@code segment}'s bytes {@code [from, to)}: captured bytes, then missing. */
  private static void cut(
      PayloadSegment segment, long start, long from, long to, List<Piece> pieces) {
    long capturedEnd = Math.min(to, start + segment.payload().length);
    if (capturedEnd > from) {
      byte[] bytes =
          Arrays.copyOfRange(segment.payload(), (int) (from - start), (int) (capturedEnd - start));
      pieces.add(new Piece(from, capturedEnd, bytes, segment));
    }
    long missingFrom = Math.max(from, capturedEnd);
    if (to > missingFrom) {
      pieces.add(new Piece(missingFrom, to, null, segment));
    }
  }

  private void deliver(Piece piece, PayloadSegment trigger, StreamConsumer consumer) {
    if (piece.bytes() == null) {
      reportGap(piece.length(), trigger, consumer);
    } else {
      consumer.data(piece.bytes(), 0, piece.length(), trigger);
      deliveredBytes += piece.length();
      bufferedBytes -= piece.length();
    }
    nextOffset = piece.end();
  }

  private void reportGap(long missingBytes, PayloadSegment trigger, StreamConsumer consumer) {
    consumer.gap(missingBytes, trigger);
    gapBytes += missingBytes;
  }

  /**
   * Stream bytes {@code [start, end)} held ahead of a gap: captured bytes, or, when {@code bytes}
   * is null, bytes cut by the snap length.
   */
  private record Piece(long start, long end, byte[] bytes, PayloadSegment segment) {
    int length() {
      return (int) (end - start);
    }
  }
}
