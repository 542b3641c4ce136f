package io.packetlake.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.decode.PacketColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

final class TestPacketTable {
  /**
   * The packets table's columns as the lake has them: names, order, types and nullability are its
   * contract with every reader, so a change here must be deliberate.
   */
  private static final List<String> CONTRACT =
      List.of(
          "capture_file string not null",
          "record_offset bigint not null",
          "frame_status string not null",
          "decode_status string not null",
          "packet_time timestamp",
          "packet_time_ns bigint",
          "frame_length int not null",
          "captured_length int not null",
          "link_type int not null",
          "dst_mac string",
          "src_mac string",
          "ether_type int",
          "vlan_id int",
          "vlan_count int not null",
          "ip_version int",
          "ip_header_length int",
          "ip_ttl int",
          "ip_protocol int",
          "ip_total_length int",
          "ip_tos int",
          "src_address string",
          "dst_address string",
          "ip_id bigint",
          "ip_dont_fragment boolean",
          "ip_more_fragments boolean",
          "ip_fragment_offset int",
          "is_fragment boolean not null",
          "ipv6_next_header int",
          "ipv6_flow_label int",
          "src_port int",
          "dst_port int",
          "tcp_src_port int",
          "tcp_dst_port int",
          "udp_src_port int",
          "udp_dst_port int",
          "udp_length int",
          "tcp_seq bigint",
          "tcp_ack bigint",
          "tcp_flags int",
          "tcp_window int",
          "tcp_header_length int",
          "payload_length int",
          "icmp_type int",
          "icmp_code int",
          "tunnel string",
          "flow_key_hash bigint",
          "packet_date date",
          "capture_id string not null");

  @Test
  void schemaIsTheLakeContract() {
    List<String> columns = new ArrayList<>();
    for (StructField field : PacketTable.SCHEMA.fields()) {
      columns.add(
          field.name()
              + " "
              + field.dataType().simpleString()
              + (field.nullable() ? "" : " not null"));
    }

    assertThat(columns).containsExactlyElementsOf(CONTRACT);
    assertThat(PacketTable.SCHEMA).isEqualTo(PacketTable.CATALOG.schema());
    assertThat(PacketTable.CATALOG.partitionColumns()).containsExactly("packet_date", "capture_id");
  }

  @Test
  void everyColumnSaysWhatItsValuesMean() {
    for (StructField field : PacketTable.SCHEMA.fields()) {
      assertThat(field.getComment().isDefined()).as(field.name()).isTrue();
      assertThat(field.getComment().get()).as(field.name()).isNotBlank().doesNotContain("Seed");
    }
  }

  @Test
  void tableColumnsAreTheCatalogsTableColumnsInOrder() {
    assertThat(PacketTable.CATALOG.columnNames())
        .containsExactlyElementsOf(
            Arrays.stream(PacketColumn.values())
                .filter(PacketColumn::inTable)
                .map(PacketColumn::columnName)
                .toList());
  }
}
