package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestPartitionDates {
  @TempDir Path lake;

  @Test
  void datesWithVisibleDataOfTheAskedCaptures() throws IOException {
    Path table = lake.resolve("packets");
    dataFile(table, "packet_date=2024-01-01/capture_id=aa/part-00000.parquet");
    dataFile(table, "packet_date=2024-01-02/capture_id=bb/part-00000.parquet");
    dataFile(table, "packet_date=2024-01-03/capture_id=aa/part-00001.parquet");
    // Not dates: only hidden files, an unfinished write, the null partition, an empty capture.
    dataFile(table, "packet_date=2024-01-04/capture_id=aa/_SUCCESS");
    dataFile(table, "packet_date=2024-01-04/capture_id=aa/.part-00000.parquet.crc");
    dataFile(table, ".spark-staging-1/packet_date=2024-01-05/capture_id=aa/part-00000.parquet");
    dataFile(table, "packet_date=__HIVE_DEFAULT_PARTITION__/capture_id=aa/part-00000.parquet");
    Files.createDirectories(table.resolve("packet_date=2024-01-06/capture_id=aa"));
    Files.createDirectories(table.resolve("packet_date=2024-01-07"));

    FileSystem fileSystem = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(table.toUri());
    assertThat(PartitionDates.of(fileSystem, path)).containsExactly(day(1), day(2), day(3));
    assertThat(PartitionDates.of(fileSystem, path, List.of("aa"))).containsExactly(day(1), day(3));
    assertThat(PartitionDates.of(fileSystem, path, List.of("bb", "cc"))).containsExactly(day(2));
    assertThat(PartitionDates.of(fileSystem, path, List.of())).isEmpty();
    assertThat(PartitionDates.of(fileSystem, new org.apache.hadoop.fs.Path(path, "missing")))
        .isEmpty();
  }

  private static LocalDate day(int day) {
    return LocalDate.of(2024, 1, day);
  }

  private static void dataFile(Path table, String relative) throws IOException {
    Path file = table.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1});
  }
}
