package io.packetlake.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed inputs checked in for the fuzz tests are the ones {@link FuzzSeeds} makes. */
final class TestFuzzSeeds {
  @Test
  void checkedInSeedsAreTheGeneratedOnes() throws IOException {
    Path resources = Paths.get("src/test/resources/io/packetlake/pcap");
    Map<Path, byte[]> seeds = FuzzSeeds.all();
    assertThat(seeds).hasSizeGreaterThan(30);
    for (Map.Entry<Path, byte[]> seed : seeds.entrySet()) {
      Path file = resources.resolve(seed.getKey());
      assertThat(file)
          .as("seed %s (run FuzzSeeds to write the seeds again)", seed.getKey())
          .exists();
      assertThat(Files.readAllBytes(file)).as("seed %s", seed.getKey()).isEqualTo(seed.getValue());
    }
  }
}
