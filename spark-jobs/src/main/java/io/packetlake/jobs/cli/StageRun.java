package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.lake.IncompatibleLakeException;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How every command runs its work: in the running SparkSession or in one of its own, and under a
 * ledger entry that ends SUCCEEDED with the stage's time or FAILED with the reason. The entry
 * records the command line and the session's output settings; a lake of another schema version
 * stops the command before anything is written, with one line on its error output (exit code 1).
 *
 * <p>A session the command did not create (a notebook's, a test's) is left running; one it created
 * is stopped when it ends.
 */
final class StageRun {
  private StageRun() {}

  /** Work that needs a session; returns the exit code. */
  @FunctionalInterface
  interface InSession {
    int run(SparkSession spark) throws Exception;
  }

  /** A stage's work, recording what it did in the ledger entry it is given. */
  @FunctionalInterface
  interface Work<R> {
    R run(RunLedger ledger) throws Exception;
  }

  /** Prints what the work did, once its ledger entry says SUCCEEDED. */
  @FunctionalInterface
  interface Summary<R> {
    void print(R result, Duration elapsed, RunLedger ledger);
  }

  /** Runs {@code body} in the running session, or in a new one stopped afterwards. */
  static int inSession(String appName, InSession body) throws Exception {
    boolean shared = SparkSessions.running();
    SparkSession spark = SparkSessions.create(appName);
    try {
      return body.run(spark);
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  /**
   * Runs one stage under a ledger entry of its own, named after the stage like its time; returns 0,
   * or 1 once the failure is recorded and printed to the command's error output.
   */
  static <R> int stage(
      SparkSession spark,
      Lake lake,
      Stage stage,
      CommandSpec command,
      Work<R> work,
      Summary<R> summary)
      throws IOException {
    return underLedger(
        spark,
        lake,
        stage.stageName(),
        command,
        ledger -> {
          Instant started = Instant.now();
          R result = work.run(ledger);
          ledger.stageSeconds(stage.stageName(), seconds(Duration.between(started, Instant.now())));
          return result;
        },
        summary);
  }

  /**
   * Runs {@code work} under a new ledger entry: RUNNING first, then SUCCEEDED and the summary, or
   * FAILED with the reason (exit code 1). A lake this build must not write to is reported on the
   * error output (exit code 1) and left as it is, without an entry.
   *
   * @param name the command's name in the entry
   * @param command the command being run: its error output and the arguments it was started with
   */
  static <R> int underLedger(
      SparkSession spark,
      Lake lake,
      String name,
      CommandSpec command,
      Work<R> work,
      Summary<R> summary)
      throws IOException {
    PrintWriter err = command.commandLine().getErr();
    Instant started = Instant.now();
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, name, started);
    ledger.commandLine(arguments(command));
    ledger.sparkApplication(spark.sparkContext().applicationId(), spark.sparkContext().master());
    ledger.settings("session", SparkSessions.outputSettings(spark));
    try {
      ledger.started();
    } catch (IncompatibleLakeException e) {
      err.println("packetlake: " + e.getMessage());
      err.flush();
      return 1;
    }
    try {
      R result = work.run(ledger);
      Instant finished = Instant.now();
      ledger.finished(finished, "SUCCEEDED", null);
      summary.print(result, Duration.between(started, finished), ledger);
      return 0;
    } catch (Exception e) {
      return RunFailures.failed(ledger, err, e);
    }
  }

  /**
   * The arguments the whole command line was started with (the subcommand's name among them), as
   * picocli was given them; empty when the command was not parsed from arguments.
   */
  private static List<String> arguments(CommandSpec command) {
    ParseResult parsed = command.root().commandLine().getParseResult();
    return parsed == null ? List.of() : parsed.originalArgs();
  }

  static double seconds(Duration elapsed) {
    return elapsed.toMillis() / 1000.0;
  }
}
