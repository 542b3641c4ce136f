package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableDocs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake tables}: the lake's tables and their columns as the code declares them, in
 * Markdown (docs/TABLES.md is this output). Needs no Spark session and no lake.
 */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every table of the lake (or the ones named) with its partitioning and its columns:"
          + " name, type, whether it can be null, and what a value means. Markdown; docs/TABLES.md"
          + " is this output."
    })
public final class TablesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables to print (default: all).")
  List<String> names = List.of();

  @Override
  public Integer call() {
    List<TableCatalog> tables =
        names.isEmpty()
            ? Pipeline.catalogs()
            : Pipeline.catalogs().stream().filter(table -> names.contains(table.name())).toList();
    if (tables.size() < names.size()) {
      spec.commandLine().getErr().printf("No such table among %s: %s%n", Pipeline.tables(), names);
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(TableDocs.markdown(tables));
    out.flush();
    return 0;
  }
}
