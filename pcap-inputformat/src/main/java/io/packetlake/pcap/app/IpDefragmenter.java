package io.packetlake.pcap.app;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.IpProtocols;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Puts the fragments of UDP datagrams back together, datagram after datagram, and hands on each
 * datagram the pass examines as one {@link PayloadSegment}, as tshark does: shown on the fragment
 * that completes it (its capture, record and time are the segment's).
 *
 * <p>Fragments come in {@link IpFragment#ORDER}; only the current datagram's bytes are held, at
 * most {@value #MAX_DATAGRAM_BYTES}. Bytes received twice are taken from their first copy (as with
 * TCP). A datagram is complete when the fragment without "more fragments" has come and every byte
 * up to its end has; the key may then start another datagram. A datagram that never completes is
 * handed on from its first fragment alone (its message then reads as cut), or, when that fragment
 * is missing too, counted in {@link PassCounters#unassembledFragmentBytes()}. Datagrams whose UDP
 * ports are not ones the pass examines are dropped here, as their first fragments would have been.
 */
public final class IpDefragmenter {
  /** The most bytes an IP datagram's payload can hold (jumbograms aside). */
  public static final int MAX_DATAGRAM_BYTES = 0xFFFF;

  private static final int UDP_HEADER_LENGTH = 8;

  private final Consumer<PayloadSegment> output;
  private final PassCounters counters;
  private final BitSet received = new BitSet();
  private byte[] bytes = new byte[0];
  private IpFragment current;
  private IpFragment first;
  private int end = -1;
  private long fragmentBytes;

  /**
   * @param output receives each datagram as a segment
   * @param counters where the datagrams put together and the bytes left over are counted
   */
  public IpDefragmenter(Consumer<PayloadSegment> output, PassCounters counters) {
    this.output = requireNonNull(output, "output is null");
    this.counters = requireNonNull(counters, "counters is null");
  }

  /** Adds the next fragment; fragments come in {@link IpFragment#ORDER}. */
  public void add(IpFragment fragment) {
    requireNonNull(fragment, "fragment is null");
    if (current != null && !current.sameDatagram(fragment)) {
      endDatagram();
    }
    current = fragment;
    int offset = fragment.fragmentOffset();
    byte[] part = fragment.bytes();
    fragmentBytes += part.length;
    if ((long) offset + fragment.length() > MAX_DATAGRAM_BYTES) {
      // A fragment past the largest datagram: nothing can be put together with it.
      counters.unassembledFragmentBytes += part.length;
      fragmentBytes -= part.length;
      return;
    }
    if (offset + part.length > bytes.length) {
      bytes =
          Arrays.copyOf(
              bytes,
              Math.min(MAX_DATAGRAM_BYTES, Math.max(offset + part.length, 2 * bytes.length)));
    }
    for (int index = 0; index < part.length; index++) {
      if (!received.get(offset + index)) {
        received.set(offset + index);
        bytes[offset + index] = part[index];
      }
    }
    if (offset == 0 && first == null) {
      first = fragment;
    }
    if (!fragment.moreFragments() && end < 0) {
      end = offset + fragment.length();
    }
    if (end >= 0 && first != null && received.nextClearBit(0) >= end) {
      counters.reassembledDatagrams++;
      emit(Arrays.copyOf(bytes, end), fragment);
      reset();
      current = fragment;
    }
  }

  /** Ends the last datagram. */
  public void finish() {
    endDatagram();
  }

  private void endDatagram() {
    if (first != null) {
      // Never completed: what the first fragment holds, which reads as cut.
      counters.incompleteDatagrams++;
      emit(first.bytes(), first);
    } else {
      counters.unassembledFragmentBytes += fragmentBytes;
    }
    reset();
    current = null;
  }

  private void reset() {
    received.clear();
    first = null;
    end = -1;
    fragmentBytes = 0;
  }

  /**
   * The datagram {@code datagram} (from its UDP header on) as a segment shown on {@code shownOn}.
   */
  private void emit(byte[] datagram, IpFragment shownOn) {
    IpFragment head = first;
    if (head == null || datagram.length < UDP_HEADER_LENGTH) {
      counters.unassembledFragmentBytes += datagram.length;
      return;
    }
    int sourcePort = (datagram[0] & 0xFF) << 8 | (datagram[1] & 0xFF);
    int destinationPort = (datagram[2] & 0xFF) << 8 | (datagram[3] & 0xFF);
    int udpLength = (datagram[4] & 0xFF) << 8 | (datagram[5] & 0xFF);
    if (!ApplicationPorts.isDns(IpProtocols.UDP, sourcePort, destinationPort)) {
      return;
    }
    int payloadLength = Math.max(0, udpLength - UDP_HEADER_LENGTH);
    byte[] payload =
        Arrays.copyOfRange(
            datagram,
            UDP_HEADER_LENGTH,
            UDP_HEADER_LENGTH + Math.min(payloadLength, datagram.length - UDP_HEADER_LENGTH));
    output.accept(
        new PayloadSegment(
            shownOn.captureId(),
            shownOn.captureFile(),
            shownOn.recordOffset(),
            shownOn.timeNanos(),
            IpProtocols.UDP,
            head.sourceAddress(),
            sourcePort,
            head.destinationAddress(),
            destinationPort,
            FlowKeys.hash(
                IpProtocols.UDP,
                head.sourceAddress(),
                sourcePort,
                head.destinationAddress(),
                destinationPort),
            -1,
            0,
            payloadLength,
            payload));
  }
}
