package io.packetlake.jobs.cli;

import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.source.CaptureReadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;

/** How every command ends a run that failed: the ledger says so, the operator is told where. */
final class RunFailures {
  private RunFailures() {}

  /**
   * Records the failure in the ledger, prints it and returns the exit code 1. A capture that could
   * not be read is reported as such, not as the Spark job failure that carries it.
   */
  static int failed(RunLedger ledger, PrintWriter err, Exception failure) {
    String message =
        CaptureReadException.in(failure)
            .map(Throwable::getMessage)
            .orElse(failure.getMessage() != null ? failure.getMessage() : failure.toString());
    err.println("packetlake: " + message);
    try {
      ledger.finished(Instant.now(), "FAILED", message);
      err.println("Run " + ledger.runId() + " failed; see " + ledger.entryPath());
    } catch (IOException | RuntimeException ledgerFailure) {
      // The run's own error matters more; the entry stays RUNNING.
      err.println(
          "Run "
              + ledger.runId()
              + " failed and its ledger entry could not be written: "
              + ledgerFailure.getMessage());
    }
    err.flush();
    return 1;
  }
}
