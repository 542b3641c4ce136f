package io.packetlake.pcap.hadoop;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.RandomAccessSource;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * An open Hadoop file as a {@link RandomAccessSource}. Uses seek and a stream read rather than
 * positional reads: on HDFS that keeps one block reader streaming instead of opening one per call.
 */
final class HadoopSource implements RandomAccessSource {
  private final FSDataInputStream input;
  private final long size;

  HadoopSource(FSDataInputStream input, long size) {
    this.input = requireNonNull(input, "input is null");
    this.size = size;
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    if (position >= size) {
      return -1;
    }
    if (input.getPos() != position) {
      input.seek(position);
    }
    int wanted = (int) Math.min(length, size - position);
    return input.read(buffer, offset, wanted);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
