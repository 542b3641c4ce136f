package io.packetlake.pcap.app.tcp;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.decode.FlowKeys;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP segments of a corpus capture, whatever their ports, in {@link PayloadSegment#ORDER}, with
 * the frame number (1-based record index, tshark's {@code frame.number}) of each.
 */
public final class CapturedSegments {
  private final List<PayloadSegment> segments;
  private final Map<Long, Integer> frameNumbers;

  private CapturedSegments(List<PayloadSegment> segments, Map<Long, Integer> frameNumbers) {
    this.segments = segments;
    this.frameNumbers = frameNumbers;
  }

  public static CapturedSegments read(String captureName) throws IOException {
    Path path = TestCaptures.corpusPath(captureName);
    PacketDecoder decoder = new PacketDecoder();
    PacketHeaders headers = new PacketHeaders();
    List<PayloadSegment> segments = new ArrayList<>();
    Map<Long, Integer> frameNumbers = new HashMap<>();
    int frameNumber = 0;
    for (PacketRecord record : TestCaptures.readAll(path)) {
      frameNumber++;
      byte[] data = record.data();
      decoder.decode(headers, record.linkType(), data, 0, data.length, record.originalLength());
      if (headers.ipProtocol() == IpProtocols.TCP
          && FlowKeys.hasKey(headers)
          && headers.payloadOffset() >= 0) {
        segments.add(PayloadSegment.of(captureName, path.toString(), record, headers));
        frameNumbers.put(record.offset(), frameNumber);
      }
    }
    segments.sort(PayloadSegment.ORDER);
    return new CapturedSegments(List.copyOf(segments), frameNumbers);
  }

  public List<PayloadSegment> segments() {
    return segments;
  }

  /** The segments sent from {@code address} port {@code port}. */
  public List<PayloadSegment> from(String address, int port) {
    return segments.stream()
        .filter(segment -> segment.sourceAddress().equals(address) && segment.sourcePort() == port)
        .toList();
  }

  public int frameNumber(PayloadSegment segment) {
    return frameNumbers.get(segment.recordOffset());
  }
}
