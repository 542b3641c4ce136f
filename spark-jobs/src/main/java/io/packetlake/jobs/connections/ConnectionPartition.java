package io.packetlake.jobs.connections;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Streams one Spark partition of packets, sorted by host pair and time, through a {@link
 * FlowTracker} and yields connection rows. Only the connections of the current host pair are in
 * memory; when the pair changes, they are finished.
 */
final class ConnectionPartition implements Iterator<Row> {
  // Column positions of ConnectionJob.PACKET_COLUMNS.
  private static final int TIMESTAMP = 0;
  private static final int SOURCE = 1;
  private static final int DESTINATION = 2;
  private static final int PROTOCOL = 3;
  private static final int SOURCE_PORT = 4;
  private static final int DESTINATION_PORT = 5;
  private static final int ICMP_TYPE = 6;
  private static final int ICMP_CODE = 7;
  private static final int TCP_FLAGS = 8;
  private static final int TCP_SEQUENCE = 9;
  private static final int PAYLOAD_LENGTH = 10;
  private static final int FRAME_LENGTH = 11;
  private static final int IP_TOTAL_LENGTH = 12;
  private static final int IP_IDENTIFICATION = 13;
  private static final int FRAGMENT = 14;
  private static final int FRAGMENT_OFFSET = 15;
  private static final int LOW_ADDRESS = 16;
  private static final int HIGH_ADDRESS = 17;

  private final Iterator<Row> packets;
  private final long dataEndNanos;
  private final ArrayDeque<Connection> finished = new ArrayDeque<>();
  private final FlowTracker tracker;
  private int protocol = -1;
  private String lowAddress;
  private String highAddress;
  private boolean done;

  ConnectionPartition(Iterator<Row> packets, FlowTimeouts timeouts, long dataEndNanos) {
    this.packets = requireNonNull(packets, "packets is null");
    this.dataEndNanos = dataEndNanos;
    this.tracker = new FlowTracker(timeouts, finished::add);
  }

  @Override
  public boolean hasNext() {
    while (finished.isEmpty() && !done) {
      if (!packets.hasNext()) {
        tracker.finish(dataEndNanos);
        done = true;
        break;
      }
      Row row = packets.next();
      int rowProtocol = row.getInt(PROTOCOL);
      String rowLow = row.getString(LOW_ADDRESS);
      String rowHigh = row.getString(HIGH_ADDRESS);
      if (rowProtocol != protocol || !rowLow.equals(lowAddress) || !rowHigh.equals(highAddress)) {
        // Sorted by host pair: no later packet belongs to the previous pair's connections.
        tracker.finish(dataEndNanos);
        protocol = rowProtocol;
        lowAddress = rowLow;
        highAddress = rowHigh;
      }
      tracker.accept(packet(row));
    }
    return !finished.isEmpty();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ConnectionTable.toRow(finished.poll());
  }

  private static FlowPacket packet(Row row) {
    return new FlowPacket(
        row.getLong(TIMESTAMP),
        row.getString(SOURCE),
        row.getString(DESTINATION),
        row.getInt(PROTOCOL),
        intOrAbsent(row, SOURCE_PORT),
        intOrAbsent(row, DESTINATION_PORT),
        intOrAbsent(row, ICMP_TYPE),
        intOrAbsent(row, ICMP_CODE),
        intOrAbsent(row, TCP_FLAGS),
        row.isNullAt(TCP_SEQUENCE) ? FlowPacket.ABSENT : row.getLong(TCP_SEQUENCE),
        intOrAbsent(row, PAYLOAD_LENGTH),
        intOrAbsent(row, FRAME_LENGTH),
        intOrAbsent(row, IP_TOTAL_LENGTH),
        row.isNullAt(IP_IDENTIFICATION) ? FlowPacket.ABSENT : row.getLong(IP_IDENTIFICATION),
        !row.isNullAt(FRAGMENT) && row.getBoolean(FRAGMENT),
        intOrAbsent(row, FRAGMENT_OFFSET));
  }

  private static int intOrAbsent(Row row, int index) {
    return row.isNullAt(index) ? FlowPacket.ABSENT : row.getInt(index);
  }
}
