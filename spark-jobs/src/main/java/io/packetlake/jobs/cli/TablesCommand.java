package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import io.packetlake.jobs.lake.TableDocs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake tables}: the lake's tables and their columns as the code declares them, in
 * Markdown (docs/TABLES.md is this output) or as the DDL that registers them in a catalog
 * (conf/ddl). Needs no Spark session and no lake.
 */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every table of the lake (or the ones named) with its partitioning and its columns:"
          + " name, type, whether it can be null, and what a value means. Markdown; docs/TABLES.md"
          + " is this output.",
      "With --ddl, the statements that register them instead, as external Parquet tables with"
          + " their columns, comments and partitions: hive for a Hive metastore (Hive, Trino,"
          + " Spark with Hive support; conf/ddl/lake-tables-hive.sql is this output), spark for"
          + " Spark's own catalog (conf/ddl/lake-tables-spark.sql)."
    })
public final class TablesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables to print (default: all).")
  List<String> names = List.of();

  @Option(
      names = "--ddl",
      paramLabel = "DIALECT",
      description = "Print DDL of this dialect instead of Markdown: ${COMPLETION-CANDIDATES}.")
  Dialect dialect;

  @Option(
      names = "--lake",
      paramLabel = "ROOT",
      description =
          "With --ddl, the lake root written in front of each table's directory (default: the"
              + " variable $${lake}, which spark-sql -d and beeline --hivevar substitute).")
  String lakeRoot = TableDdl.LAKE_VARIABLE;

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
    out.print(
        dialect == null ? TableDocs.markdown(tables) : TableDdl.script(dialect, tables, lakeRoot));
    out.flush();
    return 0;
  }
}
