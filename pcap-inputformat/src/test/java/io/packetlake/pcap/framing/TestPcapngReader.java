package io.packetlake.pcap.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestPcapngReader {
  private static final long T0 = 1_700_000_000_123_456_789L;

  @TempDir Path directory;

  @Test
  void readsSectionsOfBothByteOrdersWithPerInterfaceResolution() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, ByteOrder.LITTLE_ENDIAN)) {
      int ethernet = writer.addInterface(1, 65535, 6);
      int raw = writer.addInterface(101, 65535, 9);
      writer.writeEnhancedPacket(ethernet, T0, 60, TestPcapReader.packet(60, 1), 0, 60);
      writer.writeCustomBlock(new byte[] {9, 9, 9});
      writer.writeEnhancedPacket(raw, T0 + 5, 40, TestPcapReader.packet(40, 2), 0, 40);
      writer.writeSimplePacket(70, TestPcapReader.packet(70, 3), 0, 70);
    }
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(second, ByteOrder.BIG_ENDIAN)) {
      int loop = writer.addInterface(0, 65535, 9);
      writer.writeEnhancedPacket(loop, T0 + 7, 33, TestPcapReader.packet(33, 4), 0, 33);
    }
    bytes.write(second.toByteArray());
    List<PacketRecord> records =
        TestCaptures.readAll(write("two-sections.pcapng", bytes.toByteArray()));

    assertThat(records).hasSize(4);
    assertThat(records).extracting(PacketRecord::linkType).containsExactly(1, 101, 1, 0);
    assertThat(records.get(0).timestampNanos()).isEqualTo(T0 / 1000 * 1000);
    assertThat(records.get(1).timestampNanos()).isEqualTo(T0 + 5);
    assertThat(records.get(2).hasTimestamp()).isFalse();
    assertThat(records.get(2).originalLength()).isEqualTo(70);
    assertThat(records.get(2).data()).isEqualTo(TestPcapReader.packet(70, 3));
    assertThat(records.get(3).timestampNanos()).isEqualTo(T0 + 7);
    assertThat(records.get(3).data()).isEqualTo(TestPcapReader.packet(33, 4));
  }

  @Test
  void appliesBinaryResolutionAndTimestampOffset() {
    PcapngInterface binary = new PcapngInterface(1, 0, 0x80 | 20, 0);
    assertThat(binary.toNanos((5L << 20) | (1L << 19))).isEqualTo(5_500_000_000L);
    PcapngInterface offset = new PcapngInterface(1, 0, 6, 100);
    assertThat(offset.toNanos(1_000_000)).isEqualTo(101_000_000_000L);
    PcapngInterface tenths = new PcapngInterface(1, 0, 1, 0);
    assertThat(tenths.toNanos(15)).isEqualTo(1_500_000_000L);
    PcapngInterface picoseconds = new PcapngInterface(1, 0, 12, 0);
    assertThat(picoseconds.toNanos(1_000_000_000_000L)).isEqualTo(1_000_000_000L);
    assertThat(new PcapngInterface(1, 0, 6, 0).toNanos(-1L)).isEqualTo(PacketRecord.NO_TIMESTAMP);
    assertThat(new PcapngInterface(1, 0, 9, -10_000_000_000L).toNanos(0))
        .isEqualTo(PacketRecord.NO_TIMESTAMP);
  }

  @Test
  void undescribedInterfaceAndBrokenTrailerAreReported() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, ByteOrder.LITTLE_ENDIAN)) {
      int ethernet = writer.addInterface(1, 65535, 6);
      for (int i = 0; i < 30; i++) {
        writer.writeEnhancedPacket(ethernet, T0 + i, 64, TestPcapReader.packet(64, i), 0, 64);
      }
    }
    byte[] file = bytes.toByteArray();
    int firstPacket = 28 + 32;
    int blockLength = 32 + 64;
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(firstPacket + 8, 7);
    int broken = firstPacket + 5 * blockLength;
    buffer.putInt(broken + blockLength - 4, 12345);
    List<PacketRecord> records = TestCaptures.readAll(write("damaged.pcapng", file));

    assertThat(records).hasSize(30);
    assertThat(records.get(0).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(0).originalLength()).isEqualTo(blockLength);
    assertThat(records.get(5).status()).isEqualTo(FrameStatus.CORRUPT_REGION);
    assertThat(records.get(5).offset()).isEqualTo(broken);
    assertThat(records.get(5).originalLength()).isEqualTo(blockLength);
    assertThat(records.get(6).status()).isEqualTo(FrameStatus.OK);
    assertThat(records.get(6).offset()).isEqualTo(broken + blockLength);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }
}
