package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCaptureInputs {
  @TempDir Path directory;

  @Test
  void fileUnreadableInItsLastMebibyteIsRejectedWithTheReason() throws IOException {
    Configuration conf = new Configuration();
    // The local file system of Hadoop keeps a checksum file beside each file it writes, and checks
    // it on every read: a damaged byte near the end fails the read of the capture id's last MiB,
    // while the header still reads.
    FileSystem local = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path good = new org.apache.hadoop.fs.Path(directory.toUri() + "good.pcap");
    org.apache.hadoop.fs.Path bad = new org.apache.hadoop.fs.Path(directory.toUri() + "bad.pcap");
    write(local, good, 1);
    write(local, bad, 2);
    long length = local.getFileStatus(bad).getLen();
    assertThat(length).isGreaterThan(2 << 20);
    try (RandomAccessFile file =
        new RandomAccessFile(directory.resolve("bad.pcap").toFile(), "rw")) {
      file.seek(length - 1000);
      file.write(file.read() ^ 0xFF);
    }

    CaptureInputs.Resolved resolved =
        CaptureInputs.resolve(conf, List.of(directory.toUri().toString()));
    assertThat(resolved.captures()).extracting(CaptureFile::path).containsExactly(good.toString());
    assertThat(resolved.rejected()).containsOnlyKeys(bad.toString());
    assertThat(resolved.rejected().get(bad.toString()))
        .startsWith("cannot read it for its capture id: ")
        .contains("Checksum");
  }

  private static void write(FileSystem fileSystem, org.apache.hadoop.fs.Path path, int seed)
      throws IOException {
    byte[] frame = new byte[1400];
    try (OutputStream out = fileSystem.create(path);
        PcapWriter writer = new PcapWriter(out, ByteOrder.LITTLE_ENDIAN, false, 1, 65535)) {
      for (int i = 0; i < 2000; i++) {
        frame[i % frame.length] = (byte) (i + seed);
        writer.write(1_650_000_000_000_000_000L + i * 1000L, frame.length, frame, 0, frame.length);
      }
    }
  }
}
