package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.LakeChecksums;
import io.packetlake.jobs.lake.LakeChecksums.Checksum;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake checksums}: per table, the row count and an order-independent checksum of every
 * row; with {@code --compare}, whether another lake holds the same rows.
 */
@Command(
    name = "checksums",
    mixinStandardHelpOptions = true,
    description = {
      "Prints each table's row count and a checksum of its rows that does not depend on row order,"
          + " file layout or partitioning.",
      "With --compare OTHER, also the other lake's and whether they are equal; exits with 1 when a"
          + " table differs or exists in only one lake (after a copy, a rerun, or an upgrade that"
          + " must not change any row).",
      "Rows are compared as in any place: capture_file by file name, HyperLogLog sketches by"
          + " their estimate (their bytes depend on merge order); --exact compares the stored bytes."
    })
public final class ChecksumsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LakeOption lakeOption = new LakeOption();

  @Option(names = "--compare", paramLabel = "PATH", description = "Root of another lake.")
  String other;

  @Option(names = "--exact", description = "Checksum the stored values as they are.")
  boolean exact;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return StageRun.inSession(
        "packetlake checksums",
        spark -> {
          Map<String, Checksum> checksums =
              LakeChecksums.of(spark, lakeOption.lake(), Pipeline.tables(), !exact);
          if (other == null) {
            out.printf("%-22s %15s  %s%n", "table", "rows", "checksum");
            checksums.forEach(
                (table, checksum) ->
                    out.printf("%-22s %,15d  %s%n", table, checksum.rows(), checksum.hashSum()));
            out.flush();
            return 0;
          }
          Map<String, Checksum> others =
              LakeChecksums.of(spark, new Lake(other), Pipeline.tables(), !exact);
          return compare(out, checksums, others);
        });
  }

  private static int compare(
      PrintWriter out, Map<String, Checksum> checksums, Map<String, Checksum> others) {
    out.printf("%-22s %15s %15s  %s%n", "table", "rows", "other rows", "rows and checksum");
    int differing = 0;
    for (String table : Pipeline.tables()) {
      Checksum checksum = checksums.get(table);
      Checksum otherChecksum = others.get(table);
      if (checksum == null && otherChecksum == null) {
        continue;
      }
      boolean same = checksum != null && checksum.equals(otherChecksum);
      differing += same ? 0 : 1;
      out.printf(
          "%-22s %15s %15s  %s%n",
          table, rows(checksum), rows(otherChecksum), same ? "same" : "DIFFERENT");
    }
    out.println(differing == 0 ? "The lakes hold the same rows." : differing + " table(s) differ.");
    out.flush();
    return differing == 0 ? 0 : 1;
  }

  private static String rows(Checksum checksum) {
    return checksum == null ? "absent" : String.format("%,d", checksum.rows());
  }
}
