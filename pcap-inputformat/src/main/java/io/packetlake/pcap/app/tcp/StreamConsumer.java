package io.packetlake.pcap.app.tcp;

import io.packetlake.pcap.app.PayloadSegment;

/**
 * What a {@link TcpReassembler} makes of one direction of a connection: its byte stream, in
 * sequence order, told as a run of data and gaps that together cover the stream from its first
 * byte, then its end. After {@link #end} a consumer may be given the next stream of the same
 * direction (a new connection on the same addresses and ports), from its first byte.
 */
public interface StreamConsumer {
  /**
   * The next bytes of the stream, in order. The array is only lent: a consumer that keeps bytes
   * past the call copies them.
   *
   * @param bytes the array holding the bytes
   * @param offset index of the first byte in {@code bytes}
   * @param length how many bytes, at least 1
   * @param trigger the segment whose arrival delivered these bytes: the segment that carried them,
   *     the one that filled the gap before them, or, for bytes delivered by {@link
   *     TcpReassembler#finish} after a gap, the segment that carried them
   */
  void data(byte[] bytes, int offset, int length, PayloadSegment trigger);

  /**
   * Bytes of the stream that were never captured come next; the following {@link #data} continues
   * after them.
   *
   * @param missingBytes how many, at least 1
   * @param trigger the segment at which the reassembler reports the gap: the one whose captured
   *     bytes were cut by the snap length, or the first segment after the gap
   */
  void gap(long missingBytes, PayloadSegment trigger);

  /**
   * The stream ended: its flow ended or a new connection took over its addresses and ports.
   *
   * @param last the last segment of the stream, null when the reassembler saw none
   */
  void end(PayloadSegment last);
}
