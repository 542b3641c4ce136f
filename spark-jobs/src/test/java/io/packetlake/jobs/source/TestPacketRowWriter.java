package io.packetlake.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

final class TestPacketRowWriter {
  private static final Path CAPTURE = TestCaptures.corpusPath("many-protocols.pcap");

  @Test
  void writingRowsAllocatesNothingPerPacket() throws IOException {
    List<PacketRecord> records = TestCaptures.readAll(CAPTURE);
    PacketRowWriter writer = new PacketRowWriter(PacketTable.SCHEMA, "file:capture", "0123");
    for (int warmup = 0; warmup < 200; warmup++) {
      writeAll(writer, records);
    }
    long before = allocatedBytes();
    long checksum = writeAll(writer, records);
    long allocated = allocatedBytes() - before;

    assertThat(checksum).isPositive();
    assertThat(records).hasSizeGreaterThan(50);
    // Less than a byte per row: nothing that grows with the packets, whatever the JIT leaves.
    assertThat(allocated)
        .as("bytes allocated for %s rows", records.size())
        .isLessThan(records.size());
  }

  @Test
  void onlyHeaderColumnsNeedDecoding() {
    StructType framing =
        new StructType()
            .add(PacketTable.SCHEMA.apply("record_offset"))
            .add(PacketTable.SCHEMA.apply("date"));
    StructType headers =
        new StructType()
            .add(PacketTable.SCHEMA.apply("record_offset"))
            .add(PacketTable.SCHEMA.apply("ip_src"));

    assertThat(new PacketRowWriter(framing, "file", "id").decodes()).isFalse();
    assertThat(new PacketRowWriter(headers, "file", "id").decodes()).isTrue();
  }

  private static long writeAll(PacketRowWriter writer, List<PacketRecord> records) {
    PacketDecoder decoder = new PacketDecoder();
    PacketHeaders headers = new PacketHeaders();
    long checksum = 0;
    for (PacketRecord record : records) {
      decoder.decode(
          headers,
          record.linkType(),
          record.data(),
          0,
          record.capturedLength(),
          record.originalLength());
      UnsafeRow row = writer.write(record, headers);
      checksum += row.getSizeInBytes();
    }
    return checksum;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
