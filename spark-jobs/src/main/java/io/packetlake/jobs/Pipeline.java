package io.packetlake.jobs;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.activity.ActivityTable;
import io.packetlake.jobs.application.DnsTable;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.ConnectionTable;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.jobs.vectors.NameVectorTable;
import io.packetlake.jobs.vectors.VectorJob;
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
    INGEST(IngestJob.STAGE_NAME, List.of(CAPTURES), List.of(PacketTable.CATALOG, DnsTable.CATALOG)),
    CONNECTIONS(
        ConnectionJob.STAGE_NAME,
        List.of(PacketTable.NAME, DnsTable.NAME),
        List.of(ConnectionTable.CATALOG)),
    ACTIVITY(
        ActivityJob.STAGE_NAME,
        List.of(PacketTable.NAME, ConnectionTable.NAME),
        List.of(ActivityTable.CATALOG)),
    VECTORS(
        VectorJob.STAGE_NAME,
        List.of(ConnectionTable.NAME, ActivityTable.NAME, DnsTable.NAME),
        List.of(
            VectorTables.CONNECTION_VECTORS_CATALOG,
            VectorTables.ACTIVITY_VECTORS_CATALOG,
            NameVectorTable.CATALOG));

    private final String stageName;
    private final List<String> inputs;
    private final List<TableCatalog> outputCatalogs;

    Stage(String stageName, List<String> inputs, List<TableCatalog> outputCatalogs) {
      this.stageName = requireNonNull(stageName, "stageName is null");
      this.inputs = List.copyOf(inputs);
      this.outputCatalogs = List.copyOf(outputCatalogs);
    }

    /**
     * The stage's name: its {@code packetlake} subcommand, its key in the run ledger's {@code
     * stage_seconds} and {@code settings}, its Oozie action and its Airflow task. Each stage's job
     * declares it, as it records its settings under it.
     */
    public String stageName() {
      return stageName;
    }

    /** What the stage reads: {@link #CAPTURES} or tables written by earlier stages. */
    public List<String> inputs() {
      return inputs;
    }

    /** The names of the tables the stage writes; no other stage writes them. */
    public List<String> outputs() {
      return outputCatalogs.stream().map(TableCatalog::name).toList();
    }

    /** The catalogs of the tables the stage writes. */
    public List<TableCatalog> outputCatalogs() {
      return outputCatalogs;
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
    return catalogs().stream().map(TableCatalog::name).toList();
  }

  /** The catalog of every table of the lake, in the order the stages write them. */
  public static List<TableCatalog> catalogs() {
    return STAGES.stream().flatMap(stage -> stage.outputCatalogs().stream()).toList();
  }
}
