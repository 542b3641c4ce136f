package io.packetlake.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.cli.PacketlakeCommand;
import io.packetlake.jobs.cli.RegisterCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * conf/airflow/packetlake_dag.py checked with the machine's python3. Airflow itself is not
 * installed here (and not installable from PyPI in this environment), so the DAG file runs against
 * a stub of the two Airflow names it imports, which records the DAG's arguments, tasks and
 * dependencies; the test then checks them against the pipeline ({@link Pipeline}: its stages in its
 * order under its names, then the metastore registration) and parses each task's command with the
 * real CLI.
 */
final class TestAirflowDag {
  private static final Path DAG = LakeFixture.CONF.resolve("airflow").resolve("packetlake_dag.py");

  // Just enough of airflow.DAG and BashOperator to execute the file and report what it built.
  private static final String STUB =
      String.join(
          "\n",
          "import json, sys, types",
          "tasks, edges, dags = [], [], []",
          "class DAG:",
          "    def __init__(self, dag_id, **kwargs):",
          "        dags.append(dict(dag_id=dag_id, catchup=kwargs.get('catchup'),",
          "            schedule=kwargs.get('schedule'), max_active_runs=kwargs.get('max_active_runs'),",
          "            retries=kwargs.get('default_args', {}).get('retries')))",
          "    def __enter__(self): return self",
          "    def __exit__(self, *exception): return False",
          "class BashOperator:",
          "    def __init__(self, task_id, bash_command, **kwargs):",
          "        self.task_id = task_id",
          "        tasks.append(dict(task_id=task_id, bash_command=bash_command))",
          "    def __rshift__(self, other):",
          "        edges.append([self.task_id, other.task_id]); return other",
          "airflow = types.ModuleType('airflow'); airflow.DAG = DAG",
          "operators = types.ModuleType('airflow.operators')",
          "bash = types.ModuleType('airflow.operators.bash'); bash.BashOperator = BashOperator",
          "sys.modules.update({'airflow': airflow, 'airflow.operators': operators,",
          "    'airflow.operators.bash': bash})",
          "source = open(sys.argv[1]).read()",
          "exec(compile(source, sys.argv[1], 'exec'), {'__name__': 'packetlake_dag'})",
          "print(json.dumps(dict(dags=dags, tasks=tasks, edges=edges)))",
          "");

  @TempDir Path directory;

  @Test
  void dagCompiles() throws Exception {
    Path compiled = directory.resolve("packetlake_dag.pyc");
    Result result =
        python(
            "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
            DAG.toString(),
            compiled.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void dagHasOneTaskPerStepInOrderDailyWithCatchupAndRetries() throws Exception {
    JsonNode built = run();
    JsonNode dag = built.get("dags").get(0);
    assertThat(built.get("dags")).hasSize(1);
    assertThat(dag.get("dag_id").asText()).isEqualTo("packetlake_daily");
    assertThat(dag.get("schedule").asText()).isEqualTo("@daily");
    assertThat(dag.get("catchup").asBoolean()).isTrue();
    assertThat(dag.get("max_active_runs").asInt()).isEqualTo(1);
    assertThat(dag.get("retries").asInt()).isPositive();

    List<String> taskIds = new ArrayList<>();
    built.get("tasks").forEach(task -> taskIds.add(task.get("task_id").asText()));
    assertThat(taskIds).isEqualTo(steps());
    List<String> edges = new ArrayList<>();
    built
        .get("edges")
        .forEach(edge -> edges.add(edge.get(0).asText() + ">" + edge.get(1).asText()));
    List<String> order = new ArrayList<>();
    for (int i = 1; i < steps().size(); i++) {
      order.add(steps().get(i - 1) + ">" + steps().get(i));
    }
    assertThat(edges).containsExactlyElementsOf(order);
  }

  @Test
  void everyTaskSubmitsThePacketlakeCommandWithArgumentsItAccepts() throws Exception {
    JsonNode tasks = run().get("tasks");
    assertThat(tasks).hasSize(steps().size());
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode task = tasks.get(i);
      String stage = task.get("task_id").asText();
      assertThat(stage).isEqualTo(steps().get(i));
      // Airflow's templates rendered as they would be for the run of 2024-01-01.
      String command =
          task.get("bash_command")
              .asText()
              .replace("{{ var.value.packetlake_input_root }}", "hdfs:///captures")
              .replace("{{ data_interval_start.strftime('%Y/%m/%d') }}", "2024/01/01")
              .replace("{{ var.value.packetlake_lake }}", "hdfs:///lake")
              .replace("{{ var.value.packetlake_jar }}", "packetlake-jobs.jar")
              .replace("{{ var.value.packetlake_spark_conf }}", "spark-defaults.conf")
              .replace("{{ var.value.packetlake_hive_metastore_uris }}", "thrift://metastore:9083")
              .replace("{{ var.value.packetlake_hive_database }}", "default")
              .replace("{{ ds }}", "2024-01-01");
      assertThat(command).doesNotContain("{{").startsWith("spark-submit --master yarn");
      String marker = "packetlake-jobs.jar ";
      assertThat(command)
          .contains("--class " + PacketlakeCommand.class.getName() + " " + marker + stage + " ");
      String[] arguments = command.substring(command.indexOf(marker) + marker.length()).split(" ");
      if (i < Pipeline.stages().size()) {
        Stage pipelineStage = Pipeline.stages().get(i);
        // The stage that reads captures is given the day's captures; the others, the day.
        assertThat(List.of(arguments).contains("--input"))
            .as(stage)
            .isEqualTo(pipelineStage.readsCaptures());
        assertThat(List.of(arguments).contains("--date"))
            .as(stage)
            .isEqualTo(!pipelineStage.readsCaptures());
      } else {
        // Registration runs over the whole lake, in the metastore the Variables name.
        assertThat(List.of(arguments)).contains("--lake", "hdfs:///lake").doesNotContain("--date");
        assertThat(command)
            .contains("--conf spark.hadoop.hive.metastore.uris=thrift://metastore:9083 ");
      }
      CommandLine commandLine = PacketlakeCommand.commandLine();
      assertThat(commandLine.parseArgs(arguments).subcommand().commandSpec().name())
          .isEqualTo(stage);
    }
    assertThat(tasks.get(0).get("bash_command").asText())
        .contains("--input {{ var.value.packetlake_input_root }}/");
  }

  /** The DAG's tasks: the pipeline's stages, then the metastore registration. */
  private static List<String> steps() {
    List<String> steps = new ArrayList<>(Pipeline.stageNames());
    steps.add(RegisterCommand.NAME);
    return steps;
  }

  private JsonNode run() throws Exception {
    Path stub = directory.resolve("run_dag.py");
    Files.writeString(stub, STUB, StandardCharsets.UTF_8);
    Result result = python(stub.toString(), DAG.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    String output = result.output().trim();
    return new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
  }

  private static Result python(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("Cannot run python3: timed out");
    }
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
