package io.packetlake.jobs.activity;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code ip_activity} table: one row per IP address, role and UTC calendar period of every
 * grain. Partitioned by {@link #GRAIN} and {@link #PERIOD_DATE}, so that a run replaces exactly the
 * days, months and years it recomputes. Columns are only ever added at the end.
 *
 * <p>Distinct counts are HyperLogLog estimates next to the sketch they come from ({@code *_sketch},
 * Spark's {@code hll_sketch_agg} with lgConfigK {@value #LG_CONFIG_K}: relative standard error 1.04
 * / sqrt(4096) = 1.6 %; the tests hold estimates to {@value #ERROR_BOUND} of the exact count, 3
 * standard errors). Sketches of any set of periods merge with {@code hll_union_agg}: that is how
 * month and year are built from days.
 */
public final class ActivityTable {
  public static final String NAME = "ip_activity";
  public static final String GRAIN = "grain";
  public static final String PERIOD_DATE = "period_date";
  public static final String PERIOD_START = "period_start";
  public static final String ADDRESS = "address";
  public static final String ROLE = "role";
  public static final String SOURCE = "source";
  public static final String DESTINATION = "destination";

  /** log2 of the number of HLL registers of every sketch. */
  public static final int LG_CONFIG_K = 12;

  /** Relative error the estimates are held to: three standard errors of lgConfigK 12. */
  public static final double ERROR_BOUND = 0.05;

  private static final DataType COUNTS_BY_NAME =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType);

  public static final StructType SCHEMA = new StructType(fields().toArray(StructField[]::new));

  private ActivityTable() {}

  private static List<StructField> fields() {
    List<StructField> fields = new ArrayList<>();
    fields.add(field(ADDRESS, DataTypes.StringType, false, "The IP address the row describes"));
    fields.add(
        field(
            ROLE,
            DataTypes.StringType,
            false,
            "source: the address sent the packets and originated the connections (seed C1-C4);"
                + " destination: it received them and responded (the reverse statistics, C5)"));
    fields.add(
        field(
            PERIOD_START,
            DataTypes.TimestampType,
            false,
            "First instant of the UTC calendar period (minute, hour, day, month or year)"));
    fields.add(field("packets", DataTypes.LongType, false, "IP packets of the role in the period"));
    fields.add(field("bytes", DataTypes.LongType, false, "Wire bytes (frame lengths) of them"));
    fields.add(
        field(
            "peers",
            DataTypes.LongType,
            false,
            "Seed C1: distinct peer addresses (destinations for source, sources for destination);"
                + " HLL estimate of peers_sketch"));
    fields.add(
        field(
            "peers_sketch",
            DataTypes.BinaryType,
            false,
            "HLL sketch (lgConfigK 12) of the peer addresses; merge with hll_union_agg"));
    fields.add(
        field(
            "ports",
            DataTypes.LongType,
            false,
            "Seed C3: distinct TCP/UDP destination ports of the packets (ports reached as source,"
                + " own ports reached as destination); HLL estimate of ports_sketch"));
    fields.add(
        field(
            "ports_sketch",
            DataTypes.BinaryType,
            false,
            "HLL sketch (lgConfigK 12) of the destination ports"));
    fields.add(
        field(
            "max_peers_on_one_port",
            DataTypes.LongType,
            false,
            "Seed C2, horizontal scan: the most distinct peers on one destination port. Minute,"
                + " hour, day: exact over the period's packets; month, year: the largest of the"
                + " period's day values (not a distinct count over the whole month or year)"));
    fields.add(
        field(
            "port_with_max_peers",
            DataTypes.IntegerType,
            true,
            "The destination port of max_peers_on_one_port (ties: the lowest port; month, year:"
                + " the port of the day with the largest value); null without ports"));
    fields.add(
        field(
            "max_ports_on_one_peer",
            DataTypes.LongType,
            false,
            "Seed C3, vertical scan: the most distinct destination ports with one peer. Minute,"
                + " hour, day: exact over the period's packets; month, year: the largest of the"
                + " period's day values"));
    fields.add(
        field(
            "peer_with_max_ports",
            DataTypes.StringType,
            true,
            "The peer of max_ports_on_one_peer (ties: the lowest address text; month, year: the"
                + " peer of the day with the largest value); null without ports"));
    for (TcpFlag flag : TcpFlag.values()) {
      String kind = flag.name();
      fields.add(
          field(
              flag.prefix() + "_peers",
              DataTypes.LongType,
              false,
              "Seed C4: distinct peers of the packets with " + kind + " set; HLL estimate"));
      fields.add(
          field(
              flag.prefix() + "_peers_sketch",
              DataTypes.BinaryType,
              false,
              "HLL sketch (lgConfigK 12) of the peers of the packets with " + kind + " set"));
      fields.add(
          field(
              flag.prefix() + "_packets",
              DataTypes.LongType,
              false,
              "TCP packets with " + kind + " set"));
    }
    fields.add(
        field(
            "connections",
            DataTypes.LongType,
            false,
            "Seed C6: connections starting in the period that the address originated (source) or"
                + " responded to (destination)"));
    fields.add(
        field(
            "connections_by_protocol",
            COUNTS_BY_NAME,
            false,
            "Seed C7: those connections per protocol name (tcp, udp, icmp, icmpv6, or the number)"));
    fields.add(
        field(
            "connections_by_state",
            COUNTS_BY_NAME,
            false,
            "Seed C7: those connections per Zeek connection_state (S0, SF, REJ, RSTO, ...)"));
    fields.add(
        field(GRAIN, DataTypes.StringType, false, "minute, hour, day, month or year (partition)"));
    fields.add(
        field(
            PERIOD_DATE,
            DataTypes.DateType,
            false,
            "UTC date of the day holding the period for minute, hour and day; first day of the"
                + " month or year for month and year (partition)"));
    return fields;
  }

  public static List<String> columnNames() {
    return List.of(SCHEMA.fieldNames());
  }

  /** The names of the sketch columns, each next to its estimate (the name without _sketch). */
  public static List<String> sketchColumns() {
    return columnNames().stream().filter(name -> name.endsWith("_sketch")).toList();
  }

  /** The rows in the table's column order, with the column comments stored in Parquet. */
  public static Dataset<Row> conform(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : SCHEMA.fields()) {
      columns.add(col(field.name()).cast(field.dataType()).as(field.name(), field.metadata()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private static StructField field(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }
}
