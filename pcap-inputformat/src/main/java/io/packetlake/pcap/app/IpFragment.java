package io.packetlake.pcap.app;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FramedRecord;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One IP fragment of a UDP datagram the pass may have to read whole: its part of the datagram as
 * captured, where it goes, and the datagram it belongs to (source, destination, protocol and
 * identification, RFC 791 and RFC 8200). {@link IpDefragmenter} puts a datagram's fragments
 * together, read in {@link #ORDER}.
 *
 * @param captureId the capture's id
 * @param captureFile the capture file
 * @param recordOffset the offset of the fragment's record in the capture file
 * @param timeNanos capture time in nanoseconds since the epoch, {@link PayloadSegment#NO_TIME} when
 *     unknown
 * @param ipProtocol the upper-layer protocol of the datagram
 * @param sourceAddress the IP source address in the lake's text form
 * @param destinationAddress the IP destination address in the lake's text form
 * @param identification the IPv4 identification or the IPv6 fragment header's
 * @param fragmentOffset where the fragment's bytes go in the datagram's payload, in bytes
 * @param moreFragments whether fragments follow (MF / M)
 * @param length the fragment's bytes on the wire
 * @param bytes the fragment's bytes that were captured (at most {@code length})
 */
public record IpFragment(
    String captureId,
    String captureFile,
    long recordOffset,
    long timeNanos,
    int ipProtocol,
    String sourceAddress,
    String destinationAddress,
    long identification,
    int fragmentOffset,
    boolean moreFragments,
    int length,
    byte[] bytes) {
  /**
   * The order of a defragmentation's input: by datagram, then capture time, capture id and record
   * offset. (Spark puts a datagram's fragments together by {@link #datagramHash()} and sorts them
   * the same way.)
   */
  public static final Comparator<IpFragment> ORDER =
      Comparator.comparing(IpFragment::datagramKey)
          .thenComparingLong(IpFragment::timeNanos)
          .thenComparing(IpFragment::captureId)
          .thenComparingLong(IpFragment::recordOffset);

  public IpFragment {
    requireNonNull(captureId, "captureId is null");
    requireNonNull(captureFile, "captureFile is null");
    requireNonNull(sourceAddress, "sourceAddress is null");
    requireNonNull(destinationAddress, "destinationAddress is null");
    requireNonNull(bytes, "bytes is null");
    if (bytes.length > length || fragmentOffset < 0) {
      throw new IllegalArgumentException(
          "Cannot make fragment: %d bytes captured of %d at offset %d"
              .formatted(bytes.length, length, fragmentOffset));
    }
  }

  /**
   * Whether the pass reads a decoded packet as a fragment: any UDP fragment whose IP payload was
   * decoded. A later fragment carries no ports, so whether its datagram is one the pass examines is
   * known only once its first fragment is there: all are read, first ones included, and {@link
   * IpDefragmenter} drops the datagrams on other ports. Only fragments whose first one was lost are
   * then left over.
   */
  public static boolean examines(PacketHeaders headers) {
    return headers.fragment()
        && headers.ipProtocol() == IpProtocols.UDP
        && headers.ipPayloadOffset() >= 0
        && FlowKeys.hasKey(headers);
  }

  /** The fragment of a decoded packet that {@link #examines} accepts; its bytes are copied. */
  public static IpFragment of(
      String captureId, String captureFile, FramedRecord record, PacketHeaders headers) {
    int offset = headers.ipPayloadOffset();
    return new IpFragment(
        captureId,
        captureFile,
        record.offset(),
        record.hasTimestamp() ? record.timestampNanos() : PayloadSegment.NO_TIME,
        headers.ipProtocol(),
        headers.sourceAddressText(),
        headers.destinationAddressText(),
        headers.ipIdentification(),
        Math.max(0, headers.fragmentOffset()),
        headers.moreFragments(),
        headers.ipPayloadLength(),
        Arrays.copyOfRange(headers.data(), offset, offset + headers.capturedIpPayloadLength()));
  }

  /** The datagram's key as text: protocol, source, destination and identification. */
  public String datagramKey() {
    return ipProtocol + " " + sourceAddress + " " + destinationAddress + " " + identification;
  }

  /** A hash of {@link #datagramKey()}, to spread datagrams over tasks. */
  public long datagramHash() {
    return FlowKeys.hashOfText(datagramKey());
  }

  public boolean hasTime() {
    return timeNanos != PayloadSegment.NO_TIME;
  }

  /** Whether {@code other} is a fragment of the same datagram. */
  public boolean sameDatagram(IpFragment other) {
    return datagramKey().equals(other.datagramKey());
  }
}
