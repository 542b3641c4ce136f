package io.packetlake.pcap;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.tcp;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.pcap.decode.DecodeStatus;
import io.packetlake.pcap.decode.LinkTypes;
import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.ByteArraySource;
import io.packetlake.pcap.framing.ByteWindow;
import io.packetlake.pcap.framing.CaptureReader;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.FramingInvariants;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.PcapWriter;
import io.packetlake.pcap.framing.PcapngWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Headers crafted to make a reader allocate, loop or read out of bounds. Each one has a bounded
 * outcome, asserted with the reason for it. Cases already covered elsewhere are not repeated: IPv4
 * IHL below 5 ({@code TestPacketDecoderNetwork.ipv4HeaderLengthBelowFiveWordsStopsDecoding}), a
 * chain of 129 IPv6 destination options ({@code ipv6ExtensionHeaderChainIsBounded}), a TCP data
 * offset beyond the segment ({@code TestPacketDecoderTransport.tcpHeaderLongerThanTheSegmentIs
 * Malformed}), an incl_len of 0x7fff0000 ({@code TestPcapReader}) and a damaged pcapng trailer
 * ({@code TestPcapngReader}).
 */
final class TestAdversarialHeaders {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final byte[] FRAME =
      concat(ethernet(0x0800), ipv4(17, 8 + 40), udp(5353, 53, 40), payload(40));
  private static final int PCAP_RECORD = 16 + FRAME.length;
  private static final int RECORDS = 30;
  // Reading a small capture touches the window's 256 KiB buffer and little else.
  private static final long ALLOCATION_BOUND = 4L << 20;
  private static final PacketDecoder DECODER = new PacketDecoder();

  @Test
  void pcapInclLenOfFourGigabytesIsACorruptRegionWithoutAllocating() throws IOException {
    byte[] file = pcap(65535);
    int damaged = 24 + 5 * PCAP_RECORD;
    littleEndian(file).putInt(damaged + 8, 0xFFFF_FFFF);

    // Above max-record-bytes, so nothing is allocated from it: the reader skips to the next
    // record whose header chain is consistent and reports what it skipped.
    List<PacketRecord> records = readWithinAllocationBound(file);
    assertThat(records).hasSize(RECORDS);
    assertThat(records.get(5).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(5).offset()).isEqualTo(damaged);
    assertThat(records.get(5).originalLength()).isEqualTo(PCAP_RECORD);
    assertThat(records.get(6).offset()).isEqualTo(damaged + PCAP_RECORD);
    assertThat(records.subList(6, RECORDS)).allMatch(record -> record.status() == FrameStatus.OK);

    assertThatThrownBy(() -> readAll(file, FramingOptions.defaults().withSkipCorruptRegions(false)))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture adversarial at offset "
                + damaged
                + ": incl_len 4294967295 exceeds the maximum record size 262144");
  }

  @Test
  void pcapInclLenOfFourGigabytesInTheLastRecordSkipsToTheEnd() throws IOException {
    byte[] file = pcap(65535);
    int last = 24 + (RECORDS - 1) * PCAP_RECORD;
    littleEndian(file).putInt(last + 8, 0xFFFF_FFFF);

    // No record follows, so the corrupt region runs to the end of the file.
    List<PacketRecord> records = readWithinAllocationBound(file);
    assertThat(records).hasSize(RECORDS);
    assertThat(records.get(RECORDS - 1).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(RECORDS - 1).originalLength()).isEqualTo(PCAP_RECORD);
  }

  @Test
  void pcapInclLenPastTheEndWithRecordsAfterItIsACorruptRegion() throws IOException {
    // Packets 0.123457 s apart: with every µs field alike, the record headers read four bytes off
    // (ts_usec as seconds, incl_len as ts_usec, ...) are a plausible chain too, the ambiguity every
    // boundary proof has; real µs fields differ by more than the timestamp gap allowed.
    byte[] file = pcap(65535, 123_457_000L);
    int damaged = 24 + 5 * PCAP_RECORD;
    // Within the snaplen and max-record-bytes, but past the end of the file; valid records follow
    // the header, so the length is damaged rather than the file cut: skip to them.
    littleEndian(file).putInt(damaged + 8, 60_000);
    assertThat(damaged + 16 + 60_000).isGreaterThan(file.length);

    List<PacketRecord> records = readWithinAllocationBound(file);
    assertThat(records).hasSize(RECORDS);
    assertThat(records.get(5).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(5).offset()).isEqualTo(damaged);
    assertThat(records.get(5).originalLength()).isEqualTo(PCAP_RECORD);
    assertThat(records.subList(6, RECORDS)).allMatch(record -> record.status() == FrameStatus.OK);

    assertThatThrownBy(() -> readAll(file, FramingOptions.defaults().withSkipCorruptRegions(false)))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture adversarial at offset %s: incl_len 60000 runs past the end of the"
                + " input at %s, records resume at %s",
            damaged, file.length, damaged + PCAP_RECORD);
  }

  @Test
  void pcapLastRecordPastTheEndIsTruncated() throws IOException {
    // A capture cut while being written: nothing follows the last record's bytes.
    byte[] whole = pcap(65535);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
    List<PacketRecord> records = readWithinAllocationBound(cut);
    assertThat(records).hasSize(RECORDS);
    assertThat(records.get(RECORDS - 1).status()).isEqualTo(FrameStatus.TRUNCATED);
    assertThat(records.get(RECORDS - 1).capturedLength()).isEqualTo(FRAME.length - 10);
    assertThat(records.get(RECORDS - 1).data())
        .isEqualTo(java.util.Arrays.copyOf(FRAME, FRAME.length - 10));

    // The same with a damaged length on the last record: no record can follow it either.
    int last = 24 + (RECORDS - 1) * PCAP_RECORD;
    littleEndian(whole).putInt(last + 8, 60_000);
    List<PacketRecord> damaged = readWithinAllocationBound(whole);
    assertThat(damaged).hasSize(RECORDS);
    assertThat(damaged.get(RECORDS - 1).status()).isEqualTo(FrameStatus.TRUNCATED);
    assertThat(damaged.get(RECORDS - 1).data()).isEqualTo(FRAME);
  }

  @Test
  void pcapInclLenOfZeroIsAnEmptyFrameThatNoSplitStartsAt() throws IOException {
    byte[] file = pcap(65535);
    int empty = 24 + 5 * PCAP_RECORD;
    // The record keeps its 16-byte header but loses its bytes; the rest of the file moves up.
    byte[] damaged =
        concat(
            java.util.Arrays.copyOf(file, empty + 16),
            java.util.Arrays.copyOfRange(file, empty + PCAP_RECORD, file.length));
    littleEndian(damaged).putInt(empty + 8, 0);

    // libpcap and tshark accept a zero-length record; it is framed as such and its headers are
    // reported as cut, since not even the link layer was captured.
    List<PacketRecord> records = readWithinAllocationBound(damaged);
    assertThat(records).hasSize(RECORDS);
    PacketRecord record = records.get(5);
    assertThat(record.status()).isEqualTo(FrameStatus.OK);
    assertThat(record.capturedLength()).isZero();
    assertThat(record.originalLength()).isEqualTo(FRAME.length);
    assertThat(records.get(6).offset()).isEqualTo(empty + 16);
    assertThat(DECODER.decode(record.linkType(), record.data(), record.originalLength()).status())
        .isEqualTo(DecodeStatus.TRUNCATED);

    // A zero length is not plausible enough to start a split at: the split before reads it.
    CaptureReader reader = open(damaged, FramingOptions.defaults());
    assertThat(reader.findBoundary(empty)).isEqualTo(empty + 16);
  }

  @Test
  void pcapInclLenLargerThanSnaplenIsReadWhole() throws IOException {
    // snaplen 64: the writer cut every frame to 64 bytes; one record claims, and has, all of
    // its bytes (within max-record-bytes).
    byte[] file = pcap(64);
    assertThat(FRAME.length).isGreaterThan(64);
    int damaged = 24 + 3 * (16 + 64);
    byte[] longer =
        concat(
            java.util.Arrays.copyOf(file, damaged + 16),
            payload(FRAME.length),
            java.util.Arrays.copyOfRange(file, damaged + 16 + 64, file.length));
    littleEndian(longer).putInt(damaged + 8, FRAME.length);

    // As libpcap and tshark do, the record is read with all its bytes (the bound that protects
    // memory is max-record-bytes, not the snaplen the writer declared).
    List<PacketRecord> records = readWithinAllocationBound(longer);
    assertThat(records).hasSize(RECORDS);
    assertThat(records).allMatch(record -> record.status() == FrameStatus.OK);
    assertThat(records.get(3).capturedLength()).isEqualTo(FRAME.length);
    assertThat(records.get(4).offset()).isEqualTo(damaged + 16 + FRAME.length);
    // A boundary is never proven at a record longer than the snaplen: the split before reads it.
    assertThat(open(longer, FramingOptions.defaults()).findBoundary(damaged))
        .isEqualTo(damaged + 16 + FRAME.length);
  }

  @Test
  void pcapngBlockLengthSmallerThanItsHeaderIsACorruptRegion() throws IOException {
    for (int length : new int[] {0, 4, 8}) {
      byte[] file = pcapng();
      int damaged = firstPacket(file) + 4 * pcapngBlock();
      littleEndian(file).putInt(damaged + 4, length);
      assertCorruptBlock(file, damaged, "impossible block length " + length);
    }
  }

  @Test
  void pcapngBlockLengthNotAMultipleOfFourIsACorruptRegion() throws IOException {
    byte[] file = pcapng();
    int damaged = firstPacket(file) + 4 * pcapngBlock();
    littleEndian(file).putInt(damaged + 4, pcapngBlock() + 2);
    assertCorruptBlock(file, damaged, "impossible block length " + (pcapngBlock() + 2));
  }

  @Test
  void pcapngBlockLengthPastTheEndOfTheFile() throws IOException {
    // Within the bound: the file may have been cut inside the block. The block is reported as
    // truncated and reading ends there.
    byte[] file = pcapng();
    int last = file.length - pcapngBlock();
    littleEndian(file).putInt(last + 4, 4096);
    List<PacketRecord> records = readWithinAllocationBound(file);
    assertThat(records).hasSize(RECORDS);
    assertThat(records.get(RECORDS - 1).status()).isEqualTo(FrameStatus.TRUNCATED);
    assertThat(records.get(RECORDS - 1).offset()).isEqualTo(last);

    // The same length in the middle of the file: blocks follow, so it is damaged, not cut. A
    // corrupt region up to the next block.
    byte[] middleDamaged = pcapng();
    int tenth = firstPacket(middleDamaged) + 10 * pcapngBlock();
    littleEndian(middleDamaged).putInt(tenth + 4, 8192);
    assertThat(tenth + 8192).isGreaterThan(middleDamaged.length);
    List<PacketRecord> resumed = readWithinAllocationBound(middleDamaged);
    assertThat(resumed).hasSize(RECORDS);
    assertThat(resumed.get(10).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(resumed.get(10).originalLength()).isEqualTo(pcapngBlock());
    assertThat(resumed.subList(11, RECORDS)).allMatch(record -> record.status() == FrameStatus.OK);
    assertThatThrownBy(
            () -> readAll(middleDamaged, FramingOptions.defaults().withSkipCorruptRegions(false)))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage(
            "Cannot read capture adversarial at offset %s: block length 8192 runs past the end of"
                + " the input at %s, blocks resume at %s",
            tenth, middleDamaged.length, tenth + pcapngBlock());

    // Beyond the bound (4 GB - 4): never buffered; a corrupt region up to the next provable
    // block, here the end of the file.
    byte[] huge = pcapng();
    int middle = firstPacket(huge) + 10 * pcapngBlock();
    littleEndian(huge).putInt(middle + 4, 0xFFFF_FFFC);
    List<PacketRecord> skipped = readWithinAllocationBound(huge);
    assertThat(skipped.get(10).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(skipped.get(10).originalLength()).isEqualTo(pcapngBlock());
    assertThat(skipped.get(11).offset()).isEqualTo(middle + pcapngBlock());
    assertThat(skipped).hasSize(RECORDS);

    // A block type that is skipped unbuffered (a custom block) claiming 4 GB: skipped without
    // reading its body; the trailer that should end it lies past the end of the file.
    byte[] custom = concat(pcapng(), customBlock());
    littleEndian(custom).putInt(custom.length - 16 + 4, 0xFFFF_FFFC);
    List<PacketRecord> cut = readWithinAllocationBound(custom);
    assertThat(cut).hasSize(RECORDS + 1);
    assertThat(cut.get(RECORDS).status()).isEqualTo(FrameStatus.TRUNCATED);
  }

  @Test
  void pcapngSkippedBlockWithADamagedTrailerReadsTheSameFromAStream() throws IOException {
    // A custom block (skipped, not a packet) whose trailer does not repeat its length, between
    // packets. Read from a stream (a gzip capture), the reader has passed the block's body when
    // it finds the trailer wrong; it must still resume at the next block, as random access does.
    byte[] file = pcapng();
    int at = firstPacket(file) + 7 * pcapngBlock();
    byte[] custom = customBlock();
    littleEndian(custom).putInt(custom.length - 4, 999);
    byte[] damaged =
        concat(
            java.util.Arrays.copyOf(file, at),
            custom,
            java.util.Arrays.copyOfRange(file, at, file.length));
    List<PacketRecord> records = readWithinAllocationBound(damaged);
    assertThat(records).hasSize(RECORDS + 1);
    assertThat(records.get(7).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(7).offset()).isEqualTo(at);
    assertThat(records.get(7).originalLength()).isEqualTo(custom.length);
    assertThat(records.get(8).offset()).isEqualTo(at + custom.length);
  }

  @Test
  void ipv6ExtensionHeadersThatPointBackAtThemselvesCannotLoop() {
    // Every hop-by-hop header names another hop-by-hop header: the chain "loops" on its type,
    // but each header moves the position forward by at least 8 bytes, and the walk stops at the
    // payload's end or after the bounded number of headers, whichever comes first.
    for (int count : new int[] {3, 200, 1000}) {
      byte[] chain = new byte[8 * count];
      for (int header = 0; header < count; header++) {
        chain[8 * header] = 0; // next header: hop-by-hop again
      }
      byte[] packet = concat(ethernet(0x86DD), ipv6(0, chain.length), chain);
      PacketHeaders headers = DECODER.decode(LinkTypes.ETHERNET, packet, packet.length);
      assertThat(headers.status()).as("%s headers", count).isEqualTo(DecodeStatus.MALFORMED_IP);
      assertThat(headers.ipHeaderLength())
          .as("%s headers", count)
          .isEqualTo(40 + 8 * Math.min(count, 128));
      assertThat(headers.sourcePort()).isEqualTo(-1);
    }
  }

  @Test
  void ipv6ExtensionChainOfHundredsOfMaximalHeadersIsBounded() {
    // 300 destination options headers of the largest size (2048 bytes each, 600 KiB in all): the
    // walk reads two bytes per header and stops after 128.
    int count = 300;
    int each = (255 + 1) * 8;
    byte[] chain = new byte[each * count];
    for (int header = 0; header < count; header++) {
      chain[each * header] = 60;
      chain[each * header + 1] = (byte) 255;
    }
    byte[] packet = concat(ipv6(60, 0), chain);
    DECODER.decode(LinkTypes.RAW, packet, packet.length);
    long before = allocatedBytes();
    PacketHeaders headers = DECODER.decode(LinkTypes.RAW, packet, packet.length);
    assertThat(allocatedBytes() - before).isLessThan(64 * 1024);
    assertThat(headers.status()).isEqualTo(DecodeStatus.MALFORMED_IP);
    assertThat(headers.ipHeaderLength()).isEqualTo(40 + 128 * each);
  }

  @Test
  void ipv4HeaderLengthBelowFiveWordsUnderEveryValue() {
    for (int words = 0; words < 5; words++) {
      byte[] ip = ipv4(6, 20);
      ip[0] = (byte) (0x40 | words);
      byte[] packet = concat(ip, tcp(1, 2, 0x002));
      PacketHeaders headers = DECODER.decode(LinkTypes.RAW, packet, packet.length);
      // The header would end before its own fixed fields: nothing after the length is trusted.
      assertThat(headers.status()).as("IHL %s", words).isEqualTo(DecodeStatus.MALFORMED_IP);
      assertThat(headers.ipHeaderLength()).isEqualTo(words * 4);
      assertThat(headers.sourceAddress()).isNull();
      assertThat(headers.sourcePort()).isEqualTo(-1);
    }
  }

  @Test
  void tcpDataOffsetPastTheCapturedLength() {
    // Data offset 15 words (60 bytes) in a segment of 60 bytes on the wire, of which only the
    // 20-byte fixed header was captured: the fixed fields are kept, the options are cut.
    byte[] segment = concat(tcp(443, 50000, 0x018), payload(40));
    segment[12] = (byte) 0xF0 | 0;
    byte[] frame = concat(ethernet(0x0800), ipv4(6, segment.length), segment);
    byte[] captured = java.util.Arrays.copyOf(frame, 14 + 20 + 20);
    PacketHeaders cut = DECODER.decode(LinkTypes.ETHERNET, captured, frame.length);
    assertThat(cut.status()).isEqualTo(DecodeStatus.TRUNCATED);
    assertThat(cut.tcpHeaderLength()).isEqualTo(60);
    assertThat(cut.destinationPort()).isEqualTo(50000);
    assertThat(cut.payloadLength()).isZero();

    // The same offset in a segment of 40 bytes on the wire points past the segment itself.
    byte[] shortSegment = java.util.Arrays.copyOf(segment, 40);
    byte[] shortFrame = concat(ethernet(0x0800), ipv4(6, 40), shortSegment);
    PacketHeaders past =
        DECODER.decode(LinkTypes.ETHERNET, java.util.Arrays.copyOf(shortFrame, 54), 14 + 60);
    assertThat(past.status()).isEqualTo(DecodeStatus.MALFORMED_TRANSPORT);
    assertThat(past.payloadLength()).isEqualTo(-1);
  }

  private static void assertCorruptBlock(byte[] file, int damaged, String reason)
      throws IOException {
    // The length cannot be followed, so the reader skips to the next provable block boundary (the
    // next packet block) and reports the bytes in between.
    List<PacketRecord> records = readWithinAllocationBound(file);
    assertThat(records).as(reason).hasSize(RECORDS);
    assertThat(records.get(4).status()).as(reason).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(4).offset()).isEqualTo(damaged);
    assertThat(records.get(4).originalLength()).isEqualTo(pcapngBlock());
    assertThat(records.get(5).status()).isEqualTo(FrameStatus.OK);
    assertThatThrownBy(() -> readAll(file, FramingOptions.defaults().withSkipCorruptRegions(false)))
        .isInstanceOf(CorruptCaptureException.class)
        .hasMessage("Cannot read capture adversarial at offset " + damaged + ": " + reason);
  }

  /** Reads with default options, checks the framing invariants and the memory used. */
  private static List<PacketRecord> readWithinAllocationBound(byte[] file) throws IOException {
    long before = allocatedBytes();
    List<PacketRecord> records = readAll(file, FramingOptions.defaults());
    assertThat(allocatedBytes() - before).as("bytes allocated").isLessThan(ALLOCATION_BOUND);
    FramingInvariants.check(file, FramingOptions.defaults());
    return records;
  }

  private static List<PacketRecord> readAll(byte[] file, FramingOptions options)
      throws IOException {
    CaptureReader reader = open(file, options);
    List<PacketRecord> records = new ArrayList<>();
    for (PacketRecord record = reader.next(); record != null; record = reader.next()) {
      records.add(record);
    }
    return records;
  }

  private static CaptureReader open(byte[] file, FramingOptions options) throws IOException {
    return CaptureReaders.open("adversarial", ByteWindow.of(new ByteArraySource(file)), options);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static ByteBuffer littleEndian(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] pcap(int snaplen) throws IOException {
    return pcap(snaplen, 1_000_000L);
  }

  private static byte[] pcap(int snaplen, long stepNanos) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, ByteOrder.LITTLE_ENDIAN, false, 1, snaplen)) {
      for (int i = 0; i < RECORDS; i++) {
        writer.write(T0 + i * stepNanos, FRAME.length, FRAME, 0, FRAME.length);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] pcapng() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, ByteOrder.LITTLE_ENDIAN)) {
      int ethernet = writer.addInterface(1, 65535, 9);
      for (int i = 0; i < RECORDS; i++) {
        writer.writeEnhancedPacket(ethernet, T0 + i, FRAME.length, FRAME, 0, FRAME.length);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] customBlock() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, ByteOrder.LITTLE_ENDIAN)) {
      writer.writeCustomBlock(new byte[0]);
    }
    byte[] all = bytes.toByteArray();
    return java.util.Arrays.copyOfRange(all, 28, all.length);
  }

  /** Section header (28 bytes) and interface description (32 bytes). */
  private static int firstPacket(byte[] file) {
    return 28 + 32;
  }

  private static int pcapngBlock() {
    return 32 + ((FRAME.length + 3) & ~3);
  }
}
