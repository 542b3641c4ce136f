package io.packetlake.jobs.activity;

import static io.packetlake.jobs.lake.TableColumn.optional;
import static io.packetlake.jobs.lake.TableColumn.required;
import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.jobs.lake.TableShape;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

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

  private static final String SKETCH_SUFFIX = "_sketch";

  private static final DataType COUNTS_BY_NAME =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType);

  public static final TableCatalog CATALOG =
      new TableCatalog(
          NAME,
          "One row per IP address, role (source or destination) and UTC minute, hour, day, month"
              + " or year: its packets, bytes, peers, ports, scan maxima, TCP flags and"
              + " connections",
          columns(),
          List.of(GRAIN, PERIOD_DATE));

  private ActivityTable() {}

  private static List<TableColumn> columns() {
    List<TableColumn> columns = new ArrayList<>();
    columns.add(required(ADDRESS, StringType, "The IP address the row describes"));
    columns.add(
        required(
            ROLE,
            StringType,
            "source: the address sent the packets and originated the connections; destination:"
                + " it received the packets and responded to the connections"));
    columns.add(
        required(
            PERIOD_START,
            TimestampType,
            "First instant of the UTC calendar period (minute, hour, day, month or year)"));
    columns.add(required("packets", LongType, "IP packets of the role in the period"));
    columns.add(
        required(
            "frame_bytes", LongType, "Frame bytes (sum of frame lengths on the wire) of them"));
    columns.add(
        required(
            "peers",
            LongType,
            "Distinct peer addresses (destinations for source, sources for destination); HLL"
                + " estimate of peers_sketch"));
    columns.add(
        required(
            "peers_sketch",
            BinaryType,
            "HLL sketch (lgConfigK 12) of the peer addresses; merge with hll_union_agg"));
    columns.add(
        required(
            "ports",
            LongType,
            "Distinct TCP/UDP destination ports of the packets (ports reached as source, own"
                + " ports reached as destination); HLL estimate of ports_sketch"));
    columns.add(
        required("ports_sketch", BinaryType, "HLL sketch (lgConfigK 12) of the destination ports"));
    columns.add(
        required(
            "max_peers_on_one_port",
            LongType,
            "Horizontal scan: the most distinct peers on one destination port. Minute, hour, day:"
                + " exact over the period's packets; month, year: the largest of the period's day"
                + " values (not a distinct count over the whole month or year)"));
    columns.add(
        optional(
            "port_with_max_peers",
            IntegerType,
            "The destination port of max_peers_on_one_port (ties: the lowest port; month, year:"
                + " the port of the day with the largest value); null without ports"));
    columns.add(
        required(
            "max_ports_on_one_peer",
            LongType,
            "Vertical scan: the most distinct destination ports with one peer. Minute, hour, day:"
                + " exact over the period's packets; month, year: the largest of the period's day"
                + " values"));
    columns.add(
        optional(
            "peer_with_max_ports",
            StringType,
            "The peer of max_ports_on_one_peer (ties: the lowest address text; month, year: the"
                + " peer of the day with the largest value); null without ports"));
    for (TcpFlag flag : TcpFlag.values()) {
      String kind = flag.name();
      columns.add(
          required(
              flag.prefix() + "_peers",
              LongType,
              "Distinct peers of the packets with " + kind + " set; HLL estimate"));
      columns.add(
          required(
              flag.prefix() + "_peers" + SKETCH_SUFFIX,
              BinaryType,
              "HLL sketch (lgConfigK 12) of the peers of the packets with " + kind + " set"));
      columns.add(required(flag.packetsColumn(), LongType, "TCP packets with " + kind + " set"));
    }
    columns.add(
        required(
            "connections",
            LongType,
            "Connections starting in the period that the address originated (source) or"
                + " responded to (destination)"));
    columns.add(
        required(
            "connections_by_protocol",
            COUNTS_BY_NAME,
            "Those connections per protocol name (tcp, udp, icmp, icmpv6, or the number)"));
    columns.add(
        required(
            "connections_by_state",
            COUNTS_BY_NAME,
            "Those connections per Zeek connection_state (S0, SF, REJ, RSTO, ...)"));
    columns.add(required(GRAIN, StringType, "minute, hour, day, month or year (partition)"));
    columns.add(
        required(
            PERIOD_DATE,
            DateType,
            "UTC date of the day holding the period for minute, hour and day; first day of the"
                + " month or year for month and year (partition)"));
    return columns;
  }

  /** The names of the sketch columns, each next to its estimate (see {@link #estimateOf}). */
  public static List<String> sketchColumns() {
    return CATALOG.columnNames().stream().filter(name -> name.endsWith(SKETCH_SUFFIX)).toList();
  }

  /** The estimate column of a sketch column: its name without {@code _sketch}. */
  public static String estimateOf(String sketchColumn) {
    return sketchColumn.substring(0, sketchColumn.length() - SKETCH_SUFFIX.length());
  }

  /** The rows in the table's column order, with the column comments stored in Parquet. */
  public static Dataset<Row> conform(Dataset<Row> rows) {
    return TableShape.conform(rows, CATALOG);
  }
}
