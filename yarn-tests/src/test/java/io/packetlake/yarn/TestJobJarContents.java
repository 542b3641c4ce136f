package io.packetlake.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar operators submit holds the pipeline, its command line, the SQL functions and the
 * generator the demo run uses, and nothing of the benchmarks: those live in the benchmarks module
 * and reach no cluster.
 */
class TestJobJarContents {
  @Test
  void holdsThePipelineAndNoBenchmark() throws IOException {
    List<String> entries = entries();

    assertThat(entries)
        .as("the command line, a stage, the pcap source, a SQL function and the generator")
        .contains(
            "io/packetlake/jobs/cli/PacketlakeCommand.class",
            "io/packetlake/jobs/ingest/IngestJob.class",
            "io/packetlake/pcap/framing/PcapReader.class",
            "io/packetlake/udfs/PacketlakeExtensions.class",
            "io/packetlake/generator/TrafficGenerator.class",
            "io/packetlake/generator/GenerateCommand.class");
    assertThat(entries)
        .as("Guava, relocated: the job calls the version it was built with, not the cluster's")
        .contains("io/packetlake/shaded/com/google/common/net/InternetDomainName.class")
        .contains(
            "io/packetlake/shaded/com/google/thirdparty/publicsuffix/PublicSuffixPatterns.class")
        .noneMatch(entry -> entry.startsWith("com/google/common/"))
        .noneMatch(entry -> entry.startsWith("com/google/thirdparty/"));
    assertThat(entries)
        .as("benchmark classes in the job jar")
        .noneMatch(entry -> entry.startsWith("io/packetlake/benchmarks/"))
        .noneMatch(entry -> entry.startsWith("org/openjdk/jmh/"))
        .noneMatch(TestJobJarContents::isBenchmarkClass);
  }

  /** A class named like a benchmark ({@code StagesBenchmark}, {@code HotLoopBenchmark$State}). */
  static boolean isBenchmarkClass(String entry) {
    if (!entry.endsWith(".class")) {
      return false;
    }
    String simpleName = entry.substring(entry.lastIndexOf('/') + 1);
    return simpleName.contains("Benchmark");
  }

  @Test
  void recognizesBenchmarkClassNames() {
    assertThat(isBenchmarkClass("io/packetlake/jobs/bench/StagesBenchmark$Options.class")).isTrue();
    assertThat(isBenchmarkClass("io/packetlake/jobs/connections/ConnectionBenchmark.class"))
        .isTrue();
    assertThat(isBenchmarkClass("io/packetlake/jobs/ingest/IngestJob.class")).isFalse();
    assertThat(isBenchmarkClass("docs/Benchmark.md")).isFalse();
  }

  private static List<String> entries() throws IOException {
    String property = System.getProperty("packetlake.jobs.jar");
    assertThat(property).as("system property packetlake.jobs.jar").isNotBlank();
    Path jar = Path.of(property);
    assertThat(jar).as("the packaged job jar (mvn package)").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }
}
