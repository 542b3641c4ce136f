package io.packetlake.pcap.app;

import io.packetlake.pcap.app.dns.DnsMessage;
import io.packetlake.pcap.app.dns.DnsRecord;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.RecordCursor;
import io.packetlake.pcap.framing.TestCaptures;
import io.packetlake.pcap.hadoop.PcapInputFormat;
import io.packetlake.pcap.hadoop.PcapRecordReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * The application-layer pass over a capture without Spark: the payload segments as the {@code pcap}
 * source's payload rows select them (whole file, or split by split as the source reads them), put
 * in the order ingest's shuffle gives them, through a {@link FlowPass}.
 */
public final class CapturePass {
  private static final PacketDecoder DECODER = new PacketDecoder();

  private CapturePass() {}

  /** The segments of a capture read whole, in record order. */
  public static List<PayloadSegment> segments(java.nio.file.Path capture) throws IOException {
    String name = capture.getFileName().toString();
    List<PayloadSegment> segments = new ArrayList<>();
    List<IpFragment> fragments = new ArrayList<>();
    PacketHeaders headers = new PacketHeaders();
    for (PacketRecord record : TestCaptures.readAll(capture)) {
      if (record.status() != FrameStatus.OK && record.status() != FrameStatus.TRUNCATED) {
        continue;
      }
      byte[] data = record.data();
      DECODER.decode(headers, record.linkType(), data, 0, data.length, record.originalLength());
      if (IpFragment.examines(headers)) {
        fragments.add(IpFragment.of(name, capture.toString(), record, headers));
      } else if (PayloadSegment.examines(headers)) {
        segments.add(PayloadSegment.of(name, capture.toString(), record, headers));
      }
    }
    return withDatagrams(segments, fragments);
  }

  /**
   * The segments of a capture read in splits of at most {@code maxSplitBytes}, split after split,
   * each through a {@link PcapRecordReader} and a reused cursor and holder, as the {@code pcap}
   * source's payload reader reads them.
   */
  public static List<PayloadSegment> segments(java.nio.file.Path capture, long maxSplitBytes)
      throws IOException, InterruptedException {
    Configuration conf = new Configuration();
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, new Path(capture.toUri()));
    FileInputFormat.setMinInputSplitSize(job, 1);
    FileInputFormat.setMaxInputSplitSize(job, maxSplitBytes);
    String name = capture.getFileName().toString();
    List<PayloadSegment> segments = new ArrayList<>();
    List<IpFragment> fragments = new ArrayList<>();
    RecordCursor cursor = new RecordCursor();
    PacketHeaders headers = new PacketHeaders();
    for (InputSplit split : new PcapInputFormat().getSplits(job)) {
      try (PcapRecordReader reader = new PcapRecordReader()) {
        reader.initialize(split, new TaskAttemptContextImpl(conf, new TaskAttemptID()));
        while (reader.next(cursor)) {
          if (cursor.status() != FrameStatus.OK && cursor.status() != FrameStatus.TRUNCATED) {
            continue;
          }
          DECODER.decode(
              headers,
              cursor.linkType(),
              cursor.buffer(),
              cursor.dataOffset(),
              cursor.capturedLength(),
              cursor.originalLength());
          if (IpFragment.examines(headers)) {
            fragments.add(IpFragment.of(name, capture.toString(), cursor, headers));
          } else if (PayloadSegment.examines(headers)) {
            segments.add(PayloadSegment.of(name, capture.toString(), cursor, headers));
          }
        }
      }
    }
    return withDatagrams(segments, fragments);
  }

  /**
   * The segments, and the datagrams put together from the fragments (in {@link IpFragment#ORDER},
   * as ingest's shuffle gives them to the defragmenter).
   */
  private static List<PayloadSegment> withDatagrams(
      List<PayloadSegment> segments, List<IpFragment> fragments) {
    List<IpFragment> ordered = new ArrayList<>(fragments);
    ordered.sort(IpFragment.ORDER);
    List<PayloadSegment> all = new ArrayList<>(segments);
    IpDefragmenter defragmenter = new IpDefragmenter(all::add, new PassCounters());
    ordered.forEach(defragmenter::add);
    defragmenter.finish();
    return all;
  }

  /** The messages of the pass over {@code segments}, taken in {@link PayloadSegment#ORDER}. */
  public static List<ObservedDnsMessage> messages(
      List<PayloadSegment> segments, int maxStreamBytes) {
    List<PayloadSegment> ordered = new ArrayList<>(segments);
    ordered.sort(PayloadSegment.ORDER);
    List<ObservedDnsMessage> messages = new ArrayList<>();
    FlowPass pass = new FlowPass(maxStreamBytes, messages::add);
    ordered.forEach(pass::add);
    pass.finish();
    return messages;
  }

  /** Every value of a message that the dns table stores, on one line. */
  public static String describe(ObservedDnsMessage observed) {
    PayloadSegment packet = observed.packet();
    DnsMessage message = observed.message();
    return String.join(
        "\t",
        packet.captureId(),
        Long.toString(packet.recordOffset()),
        Long.toString(packet.timeNanos()),
        packet.sourceAddress() + ":" + packet.sourcePort(),
        packet.destinationAddress() + ":" + packet.destinationPort(),
        Integer.toString(observed.length()),
        Long.toString(observed.queryTimeNanos()),
        message.status().name(),
        message.hasHeader()
            ? "%d %s %d %d %s%s%s%s%s%s %d/%d/%d/%d"
                .formatted(
                    message.transactionId(),
                    message.response(),
                    message.opcode(),
                    message.rcode(),
                    message.authoritative() ? "aa" : "",
                    message.truncated() ? "tc" : "",
                    message.recursionDesired() ? "rd" : "",
                    message.recursionAvailable() ? "ra" : "",
                    message.authenticData() ? "ad" : "",
                    message.checkingDisabled() ? "cd" : "",
                    message.questionCount(),
                    message.answerCount(),
                    message.authorityCount(),
                    message.additionalCount())
            : "-",
        message.queryName() + " " + message.queryType() + " " + message.queryClass(),
        records(message.answers()),
        records(message.authorities()),
        records(message.additionals()));
  }

  private static String records(List<DnsRecord> records) {
    return records.stream().map(DnsRecord::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
