package io.packetlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.cli.PacketlakeCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The pipeline description is consistent with itself and with the command line. Its agreement with
 * the Oozie workflow and the Airflow DAG is checked by TestOozieApplication and TestAirflowDag.
 */
final class TestPipeline {
  private static final Path MAIN_SOURCES = Paths.get("src", "main", "java", "io", "packetlake");

  @Test
  void everyStageReadsCapturesOrTablesAnEarlierStageWrote() {
    Set<String> available = new HashSet<>(Set.of(Pipeline.CAPTURES));
    for (Stage stage : Pipeline.stages()) {
      assertThat(stage.inputs()).as(stage.stageName()).isNotEmpty();
      assertThat(available).as(stage.stageName()).containsAll(stage.inputs());
      available.addAll(stage.outputs());
    }
    assertThat(Pipeline.stages().get(0).readsCaptures()).isTrue();
  }

  @Test
  void everyTableIsWrittenByOneStage() {
    List<String> tables = Pipeline.tables();
    assertThat(tables).doesNotHaveDuplicates().doesNotContain(Pipeline.CAPTURES);
    assertThat(tables)
        .containsExactly(
            "packets",
            "dns",
            "connections",
            "ip_activity",
            "connection_vectors",
            "ip_activity_vectors",
            "name_vectors");
    assertThat(Pipeline.stageNames()).doesNotHaveDuplicates();
  }

  @Test
  void everyStageIsASubcommandAndRunNamesThemInOrder() {
    CommandLine commandLine = PacketlakeCommand.commandLine();
    assertThat(commandLine.getSubcommands())
        .containsKeys(Pipeline.stageNames().toArray(String[]::new));

    String runHelp = commandLine.getSubcommands().get("run").getUsageMessage();
    List<Integer> positions = new ArrayList<>();
    for (String stage : Pipeline.stageNames()) {
      positions.add(runHelp.indexOf(stage));
    }
    assertThat(positions).as(runHelp).doesNotContain(-1).isSorted();
  }

  /**
   * Stages stay usable on their own: only the command line and the tools built on the stages know
   * the pipeline, so no stage package imports it (which would also be an import cycle).
   */
  @Test
  void noStagePackageImportsThePipeline() throws IOException {
    List<String> importers = new ArrayList<>();
    for (String stagePackage :
        List.of("source", "ingest", "connections", "activity", "vectors", "lake")) {
      Path directory = MAIN_SOURCES.resolve("jobs").resolve(stagePackage);
      assertThat(directory).isDirectory();
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
          if (Files.readString(file, StandardCharsets.UTF_8)
              .contains("import io.packetlake.jobs.Pipeline")) {
            importers.add(file.toString());
          }
        }
      }
    }
    assertThat(importers).isEmpty();
  }
}
