package io.packetlake.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

final class TestPacketRowWriter {
  @Test
  void onlyHeaderColumnsNeedDecoding() {
    StructType framing =
        new StructType()
            .add(PacketTable.SCHEMA.apply("record_offset"))
            .add(PacketTable.SCHEMA.apply("packet_date"));
    StructType headers =
        new StructType()
            .add(PacketTable.SCHEMA.apply("record_offset"))
            .add(PacketTable.SCHEMA.apply("src_address"));

    assertThat(new PacketRowWriter(framing, "file", "id").decodes()).isFalse();
    assertThat(new PacketRowWriter(headers, "file", "id").decodes()).isTrue();
  }
}
