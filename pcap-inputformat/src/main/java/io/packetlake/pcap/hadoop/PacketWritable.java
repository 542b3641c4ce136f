package io.packetlake.pcap.hadoop;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * A {@link PacketRecord} as a Hadoop value. {@link PcapRecordReader} returns a new instance for
 * every record, so callers may keep references (Spark's {@code newAPIHadoopFile} does).
 */
public final class PacketWritable implements Writable {
  private PacketRecord record;

  /** For Hadoop's reflection; {@link #readFields} fills it. */
  public PacketWritable() {}

  public PacketWritable(PacketRecord record) {
    this.record = requireNonNull(record, "record is null");
  }

  public PacketRecord get() {
    return record;
  }

  /** Replaces the record; the old {@code mapred} API reuses value objects. */
  public void set(PacketRecord value) {
    this.record = requireNonNull(value, "value is null");
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeUTF(record.source());
    out.writeLong(record.offset());
    out.writeByte(record.status().ordinal());
    out.writeLong(record.timestampNanos());
    out.writeInt(record.originalLength());
    out.writeInt(record.linkType());
    out.writeInt(record.data().length);
    out.write(record.data());
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    String source = in.readUTF();
    long offset = in.readLong();
    int status = in.readByte();
    long timestamp = in.readLong();
    int originalLength = in.readInt();
    int linkType = in.readInt();
    int length = in.readInt();
    if (length < 0 || length > 64 * 1024 * 1024) {
      throw new IOException("Cannot read packet: data length " + length + " is out of range");
    }
    if (status < 0 || status >= FrameStatus.values().length) {
      throw new IOException("Cannot read packet: unknown frame status " + status);
    }
    byte[] data = new byte[length];
    in.readFully(data);
    record =
        new PacketRecord(
            source,
            offset,
            FrameStatus.values()[status],
            timestamp,
            originalLength,
            linkType,
            data);
  }

  @Override
  public String toString() {
    return record == null ? "PacketWritable[empty]" : "PacketWritable[" + record.offset() + "]";
  }
}
