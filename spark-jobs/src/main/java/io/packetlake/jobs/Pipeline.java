package io.packetlake.jobs;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.vectors.VectorTables;
import java.util.List;

/**
 * The pipeline: its stages in the order they run, each with what it reads and the lake tables it
 * writes. Each stage reads what earlier ones wrote, so this order is the only one that works; the
 * command {@code packetlake run}, the stage benchmark, conf/oozie/workflow.xml and
 * conf/airflow/packetlake_dag.py all follow it (the tests of the last two fail when they do not).
 *
 * <p>Only the command line and the tools built on the stages refer to this type: no stage's package
 * imports it, so each stage stays usable on its own.
 */
public final class Pipeline {
  /** What ingest reads: the captures a run is given, not a table of the lake. */
  public static final String CAPTURES = "captures";

  private static final List<Stage> STAGES = List.of(Stage.values());

  private Pipeline() {}

  /** A stage of the pipeline, in the order the stages run. */
  public enum Stage {
    INGEST("ingest", List.of(CAPTURES), List.of(PacketTable.NAME)),
    CONNECTIONS("connections", List.of(PacketTable.NAME), List.of(ConnectionTable.NAME)),
    ACTIVITY(
        "activity", List.of(PacketTable.NAME, ConnectionTable.NAME), List.of(ActivityTable.NAME)),
    VECTORS(
        "vectors",
        List.of(ConnectionTable.NAME, ActivityTable.NAME),
        List.of(VectorTables.CONNECTION_VECTORS, VectorTables.ACTIVITY_VECTORS));

    private final String stageName;
    private final List<String> inputs;
    private final List<String> outputs;

    Stage(String stageName, List<String> inputs, List<String> outputs) {
      this.stageName = requireNonNull(stageName, "stageName is null");
      this.inputs = List.copyOf(inputs);
      this.outputs = List.copyOf(outputs);
    }

    /**
     * The stage's name: its {@code packetlake} subcommand, its key in the run ledger's {@code
     * stage_seconds}, its Oozie action and its Airflow task.
     */
    public String stageName() {
      return stageName;
    }

    /** What the stage reads: {@link #CAPTURES} or tables written by earlier stages. */
    public List<String> inputs() {
      return inputs;
    }

    /** The tables the stage writes; no other stage writes them. */
    public List<String> outputs() {
      return outputs;
    }

    /** Whether the stage reads captures, rather than only tables of the lake. */
    public boolean readsCaptures() {
      return inputs.contains(CAPTURES);
    }

    /** The stage's place in the pipeline, counted from 1. */
    public int number() {
      return ordinal() + 1;
    }
  }

  /** Every stage, in the order they run. */
  public static List<Stage> stages() {
    return STAGES;
  }

  /** The names of the stages, in the order they run. */
  public static List<String> stageNames() {
    return STAGES.stream().map(Stage::stageName).toList();
  }

  /** Every table of the lake, in the order the stages write them. */
  public static List<String> tables() {
    return STAGES.stream().flatMap(stage -> stage.outputs().stream()).toList();
  }
}
