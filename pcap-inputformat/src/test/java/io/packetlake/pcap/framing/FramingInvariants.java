package io.packetlake.pcap.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads untrusted bytes as a capture and checks what framing promises whatever the input: the
 * outcome is records or a {@link CorruptCaptureException} naming the offset; records lie inside the
 * file in increasing order, carry no more than the configured bound and say how complete they are;
 * reading ends after a number of steps bounded by the file length; a stream (gzip) gives the same
 * records as random access; and failing on corrupt regions stops exactly where skipping reports the
 * first one.
 */
public final class FramingInvariants {
  private FramingInvariants() {}

  /** Records read before the input ended or failed, and the failure if there was one. */
  public record Outcome(List<PacketRecord> records, CorruptCaptureException failure) {
    public List<String> describe() {
      List<String> lines = new ArrayList<>();
      records.forEach(record -> lines.add(TestCaptures.describe(record)));
      if (failure != null) {
        lines.add(failure.getMessage());
      }
      return lines;
    }

    public long count(FrameStatus status) {
      return records.stream().filter(record -> record.status() == status).count();
    }
  }

  /**
   * Reads {@code bytes} with {@code options} (corrupt regions skipped) and checks every invariant.
   *
   * @return what random access with corrupt regions skipped read
   * @throws AssertionError when an invariant does not hold
   */
  public static Outcome check(byte[] bytes, FramingOptions options) throws IOException {
    FramingOptions skipping = options.withSkipCorruptRegions(true);
    Outcome random = read(bytes, ByteWindow.of(new ByteArraySource(bytes)), skipping);
    checkRecords(bytes, random, skipping);

    Outcome streamed = read(bytes, ByteWindow.of(new TrickleInputStream(bytes), 0), skipping);
    if (bytes.length <= options.maxRecordBytes() + 4096) {
      // Longer inputs can hold a damaged non-packet block longer than the bound, which a stream
      // has skipped before it learns the block is damaged: it resumes after it, losing more.
      assertThat(streamed.describe())
          .as("records read from a stream")
          .containsExactlyElementsOf(random.describe());
    } else {
      checkRecords(bytes, streamed, skipping);
    }

    Outcome failing =
        read(
            bytes,
            ByteWindow.of(new ByteArraySource(bytes)),
            options.withSkipCorruptRegions(false));
    int firstCorrupt = 0;
    while (firstCorrupt < random.records().size()
        && random.records().get(firstCorrupt).status() != FrameStatus.CORRUPT_REGION) {
      firstCorrupt++;
    }
    if (firstCorrupt == random.records().size()) {
      assertThat(failing.describe())
          .as("records when corrupt regions fail the read")
          .containsExactlyElementsOf(random.describe());
    } else {
      assertThat(failing.describe().subList(0, failing.records().size()))
          .as("records before the first corrupt region")
          .containsExactlyElementsOf(random.describe().subList(0, firstCorrupt));
      assertThat(failing.failure())
          .as("failure at the first corrupt region")
          .isNotNull()
          .extracting(CorruptCaptureException::offset)
          .isEqualTo(random.records().get(firstCorrupt).offset());
    }
    return random;
  }

  private static Outcome read(byte[] bytes, ByteWindow window, FramingOptions options)
      throws IOException {
    String source = "fuzz.cap";
    List<PacketRecord> records = new ArrayList<>();
    // Every record covers at least four bytes (a pcapng resynchronisation step; pcap records are
    // longer), so more steps than this means reading does not advance.
    long maxSteps = bytes.length / 4 + 2;
    try {
      CaptureReader reader = CaptureReaders.open(source, window, options);
      assertThat(reader.firstRecordOffset()).isBetween(0L, (long) bytes.length);
      assertThat(reader.position()).isEqualTo(reader.firstRecordOffset());
      for (PacketRecord record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
        assertThat((long) records.size()).as("records read").isLessThanOrEqualTo(maxSteps);
        assertThat(reader.position())
            .as("position after the record at %s", record.offset())
            .isGreaterThan(record.offset())
            .isLessThanOrEqualTo(bytes.length);
      }
      assertThat(reader.next()).as("a read after the end").isNull();
      return new Outcome(records, null);
    } catch (CorruptCaptureException e) {
      assertThat(e.source()).isEqualTo(source);
      assertThat(e.offset()).isBetween(0L, (long) bytes.length);
      assertThat(e.getMessage())
          .startsWith("Cannot read capture " + source + " at offset " + e.offset() + ": ");
      return new Outcome(records, e);
    }
  }

  private static void checkRecords(byte[] bytes, Outcome outcome, FramingOptions options) {
    List<PacketRecord> records = outcome.records();
    long length = bytes.length;
    boolean pcap =
        length >= 4 && CaptureFormat.fromMagic(bigEndianInt(bytes)) == CaptureFormat.PCAP;
    int recordHeader = pcap ? pcapRecordHeader(bytes) : 0;
    long previousEnd = -1;
    for (int index = 0; index < records.size(); index++) {
      PacketRecord record = records.get(index);
      String description = "record " + index + ": " + TestCaptures.describe(record);
      assertThat(record.offset()).as(description).isLessThan(length);
      assertThat(record.capturedLength())
          .as("captured length of %s", description)
          .isLessThanOrEqualTo(options.maxRecordBytes());
      if (previousEnd >= 0) {
        if (pcap) {
          assertThat(record.offset())
              .as("%s follows the one before", description)
              .isEqualTo(previousEnd);
        } else {
          assertThat(record.offset())
              .as("%s after the one before", description)
              .isGreaterThanOrEqualTo(previousEnd);
        }
      } else if (pcap) {
        assertThat(record.offset()).as(description).isEqualTo(PcapFileHeader.LENGTH);
      }
      long end;
      switch (record.status()) {
        case OK -> {
          assertThat(record.hasTimestamp() || !pcap).as(description).isTrue();
          end = record.offset() + (pcap ? recordHeader : 16) + record.capturedLength();
        }
        case TRUNCATED -> {
          assertThat(index).as("%s is the last", description).isEqualTo(records.size() - 1);
          end = length;
        }
        case CORRUPT_REGION -> {
          assertThat(record.capturedLength()).as(description).isZero();
          assertThat(record.hasTimestamp()).as(description).isFalse();
          assertThat(record.originalLength()).as(description).isPositive();
          end = record.offset() + record.originalLength();
        }
        default -> throw new AssertionError(description);
      }
      assertThat(end).as("end of %s", description).isLessThanOrEqualTo(length);
      previousEnd = end;
    }
    if (pcap && outcome.failure() == null) {
      // The records of a pcap file tile it from the file header to its end.
      assertThat(previousEnd < 0 ? PcapFileHeader.LENGTH : previousEnd)
          .as("end of the last record")
          .isEqualTo(length);
    }
  }

  private static int bigEndianInt(byte[] bytes) {
    return ((bytes[0] & 0xFF) << 24)
        | ((bytes[1] & 0xFF) << 16)
        | ((bytes[2] & 0xFF) << 8)
        | (bytes[3] & 0xFF);
  }

  private static int pcapRecordHeader(byte[] bytes) {
    int magic = bigEndianInt(bytes);
    return magic == 0xA1B2CD34 || Integer.reverseBytes(magic) == 0xA1B2CD34 ? 24 : 16;
  }

  /** A stream that hands out few bytes per call, as a decompressor does. */
  private static final class TrickleInputStream extends FilterInputStream {
    private int calls;

    TrickleInputStream(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      calls++;
      return super.read(buffer, offset, Math.min(length, 1 + calls % 61));
    }

    @Override
    public long skip(long count) throws IOException {
      return super.skip(Math.min(count, 1 + calls++ % 97));
    }
  }
}
