package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file as a {@link RandomAccessSource}. */
public final class FileSource implements RandomAccessSource {
  private final FileChannel channel;
  private final long size;

  public FileSource(Path path) throws IOException {
    requireNonNull(path, "path is null");
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    if (position >= size) {
      return -1;
    }
    return channel.read(ByteBuffer.wrap(buffer, offset, length), position);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
