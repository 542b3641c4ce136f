package io.packetlake.jobs.cli;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.TableCatalog;
import io.packetlake.jobs.lake.TableColumn;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import io.packetlake.jobs.lake.TableDdl.Statement;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake register}: the lake's tables in the cluster's Hive metastore, with the
 * partitions written so far. It runs the statements of conf/ddl/lake-tables-hive.sql ({@link
 * TableDdl}, {@link Dialect#HIVE}) in a session with Hive support, so that Hive, Trino and Spark
 * see every table and every day without anyone running DDL: the Oozie workflow and the Airflow DAG
 * run it after the stages.
 *
 * <p>A registered table whose columns differ from the catalog's (a column added or renamed since)
 * is dropped and created again: it is external, so its files stay, and the partitions are listed
 * anew. A table the lake does not hold yet is skipped rather than created over an empty directory
 * (which the metastore would make). A metastore local to the process (Hive's embedded Derby, what
 * Spark falls back to when no {@code hive.metastore.uris} is configured) is refused unless asked
 * for: registering into it would succeed and show nobody anything.
 */
@Command(
    name = RegisterCommand.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Registers every table of the lake in the Hive metastore as an external Parquet table with"
          + " its columns, comments and partitioning (CREATE EXTERNAL TABLE IF NOT EXISTS, the"
          + " statements of conf/ddl/lake-tables-hive.sql), and adds the partitions written since"
          + " the last time (MSCK REPAIR TABLE). Harmless to rerun; tables not in the lake yet are"
          + " skipped. A registered table whose columns differ from the code's is dropped and"
          + " created again (it is external: its files stay). Data is never moved or deleted.",
      "Runs in a Spark session with Hive support: the metastore is the one of the cluster's"
          + " hive-site.xml or of --conf spark.hadoop.hive.metastore.uris=thrift://HOST:9083."
    })
public final class RegisterCommand implements Callable<Integer> {
  /** The subcommand's name, which the schedules run after the stages. */
  public static final String NAME = "register";

  private static final String METASTORE_URIS = "hive.metastore.uris";
  private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

  @Spec CommandSpec spec;

  @Mixin LakeOption lakeOption = new LakeOption();

  @Option(
      names = "--database",
      paramLabel = "NAME",
      description = "Metastore database that holds the tables (default: ${DEFAULT-VALUE}).")
  String database = "default";

  @Option(
      names = "--local-metastore",
      description =
          "Accept a metastore local to this process (no hive.metastore.uris configured): for a"
              + " single machine or a test, never for a cluster.")
  boolean localMetastore;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    boolean shared = SparkSessions.running();
    SparkSession spark;
    try {
      spark = shared ? SparkSessions.create(NAME) : SparkSessions.createWithHiveSupport(NAME);
    } catch (IllegalArgumentException noHiveClasses) {
      return failed(
          err,
          "Cannot register tables: Spark's Hive support is not on the class path ("
              + noHiveClasses.getMessage()
              + "); run with a Spark built with Hive, as on a cluster");
    }
    try {
      return register(spark, err);
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  private int register(SparkSession spark, PrintWriter err) {
    String catalog = spark.conf().get(CATALOG_IMPLEMENTATION, "in-memory");
    if (!catalog.equals("hive")) {
      return failed(
          err,
          "Cannot register tables: the session's catalog is "
              + catalog
              + ", not a Hive metastore (set "
              + CATALOG_IMPLEMENTATION
              + "=hive)");
    }
    // The shared state reads hive-site.xml into the Hadoop configuration.
    spark.sharedState();
    String uris = spark.sparkContext().hadoopConfiguration().get(METASTORE_URIS, "");
    if (uris.isBlank() && !localMetastore) {
      return failed(
          err,
          "Cannot register tables: no Hive metastore is configured ("
              + METASTORE_URIS
              + " is empty, so the tables would go into a metastore local to this process); put"
              + " the cluster's hive-site.xml in Spark's conf directory or pass --conf"
              + " spark.hadoop."
              + METASTORE_URIS
              + "=thrift://HOST:9083 (or --local-metastore, on one machine)");
    }
    Lake lake = lakeOption.lake();
    PrintWriter out = spec.commandLine().getOut();
    String previousDatabase = spark.catalog().currentDatabase();
    try {
      spark.catalog().setCurrentDatabase(database);
      for (TableCatalog table : Pipeline.catalogs()) {
        Path directory = new Path(lake.table(table.name()));
        FileSystem fileSystem = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fileSystem.isDirectory(directory)) {
          out.printf("%-22s not in the lake yet: skipped%n", table.name());
          continue;
        }
        String name = TableDdl.identifier(table.name());
        boolean recreated = false;
        if (spark.catalog().tableExists(table.name())
            && !registeredColumns(spark, table.name()).equals(declaredColumns(table))) {
          // CREATE IF NOT EXISTS would keep the old columns: Hive and Trino read Parquet columns
          // by name, so a renamed column would read as nulls. The table is external: dropping it
          // leaves every file.
          spark.sql("DROP TABLE " + name);
          recreated = true;
        }
        for (Statement statement : TableDdl.statements(Dialect.HIVE, table, lake.root())) {
          spark.sql(statement.sql());
        }
        long partitions = spark.sql("SHOW PARTITIONS " + name).count();
        out.printf(
            "%-22s registered in %s, %,d partitions%s%n",
            table.name(),
            database,
            partitions,
            recreated ? " (re-created: its columns had changed)" : "");
      }
      out.flush();
      return 0;
    } catch (Exception e) {
      out.flush();
      return failed(
          err,
          "Cannot register tables in the Hive metastore: "
              + (e.getMessage() != null ? e.getMessage() : e.toString()));
    } finally {
      spark.catalog().setCurrentDatabase(previousDatabase);
    }
  }

  /** Name and Hive type of every column the metastore lists, partition columns included. */
  private static List<String> registeredColumns(SparkSession spark, String table)
      throws AnalysisException {
    return spark.catalog().listColumns(table).collectAsList().stream()
        .map(column -> column.name() + " " + column.dataType())
        .toList();
  }

  /** The same for the catalog: data columns, then partition columns, as the metastore lists. */
  private static List<String> declaredColumns(TableCatalog table) {
    List<String> columns = new ArrayList<>();
    for (TableColumn column : table.columns()) {
      if (!table.partitionColumns().contains(column.name())) {
        columns.add(declared(column));
      }
    }
    for (String partition : table.partitionColumns()) {
      table.columns().stream()
          .filter(column -> column.name().equals(partition))
          .forEach(column -> columns.add(declared(column)));
    }
    return columns;
  }

  private static String declared(TableColumn column) {
    // The metastore writes struct field names without quotes.
    return column.name() + " " + TableDdl.typeName(Dialect.HIVE, column.type()).replace("`", "");
  }

  private static int failed(PrintWriter err, String message) {
    err.println("packetlake: " + message);
    err.flush();
    return 1;
  }
}
