package io.packetlake.pcap.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FrameStatus;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.TestCaptures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real captures damaged at random (seeded): overwritten bytes, garbage runs, cut files. Whatever
 * the damage, reading never fails with anything but a {@link CorruptCaptureException}, every record
 * is framed within the bounds, and the splits together still read exactly what the unsplit read
 * does — or a split fails loudly because it found a false boundary.
 */
final class TestDamagedCaptures {
  private static final List<String> CAPTURES =
      List.of(
          "tls2.pcap",
          "reversedtest.pcap",
          "nanosecs_big_endian.pcap",
          "wireshark_samples-test.pcapng",
          "dhcp_big_endian.pcapng",
          "many_interfaces-1.pcapng");

  @TempDir java.nio.file.Path directory;

  @Test
  void damageNeverBreaksTheSplitContract() throws Exception {
    Configuration conf = new Configuration();
    Random random = new Random(20261127);
    int files = 0;
    int corruptRegions = 0;
    int falseBoundaries = 0;
    for (String name : CAPTURES) {
      byte[] original = Files.readAllBytes(TestCaptures.corpusPath(name));
      for (int round = 0; round < 8; round++) {
        byte[] damaged = damage(original, random);
        java.nio.file.Path file = directory.resolve(name + "." + round);
        Files.write(file, damaged);
        files++;

        List<PacketRecord> expected;
        try {
          expected = TestCaptures.readAll(file);
        } catch (CorruptCaptureException e) {
          // The file header itself was hit: the message names the file.
          assertThat(e.getMessage()).startsWith("Cannot read capture " + file + " at offset ");
          continue;
        }
        for (PacketRecord record : expected) {
          assertThat(record.capturedLength()).isLessThanOrEqualTo(256 * 1024);
          if (record.status() == FrameStatus.CORRUPT_REGION) {
            corruptRegions++;
          }
        }
        List<String> unsplit = describe(expected);
        long smallest = damaged.length < 100_000 ? 300 : 4096;
        for (long size : new long[] {smallest, 16384, damaged.length / 3 + 1}) {
          List<InputSplit> splits = SplitReading.splits(conf, new Path(file.toUri()), size);
          try {
            assertThat(describe(SplitReading.readAll(conf, splits)))
                .as("%s round %s, splits of %s bytes", name, round, size)
                .containsExactlyElementsOf(unsplit);
          } catch (SplitBoundaryException e) {
            assertThat(e.getMessage())
                .startsWith("Cannot read capture file:" + file + " at offset ");
            falseBoundaries++;
          }
        }
      }
    }
    System.out.printf(
        "damaged captures: %s files, %s corrupt regions reported, %s inconsistent splits caught%n",
        files, corruptRegions, falseBoundaries);
    assertThat(corruptRegions).isPositive();
  }

  private static byte[] damage(byte[] original, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        // Scattered overwritten bytes.
        for (int i = 0; i < 1 + random.nextInt(40); i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> {
        // A run of garbage, as a bad disk sector or a torn copy leaves.
        int start = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - start, 1 + random.nextInt(3000));
        for (int i = start; i < start + length; i++) {
          bytes[i] = (byte) random.nextInt(256);
        }
      }
      case 2 -> {
        // A cut file.
        return java.util.Arrays.copyOf(bytes, 24 + random.nextInt(bytes.length - 24));
      }
      default -> {
        // Lengths in record headers set to huge values.
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
          int at = random.nextInt(bytes.length - 4);
          bytes[at] = (byte) 0x7F;
          bytes[at + 1] = (byte) 0xFF;
        }
      }
    }
    return bytes;
  }

  private static List<String> describe(List<PacketRecord> records) {
    List<String> lines = new ArrayList<>(records.size());
    for (PacketRecord record : records) {
      lines.add(TestCaptures.describe(record));
    }
    return lines;
  }
}
