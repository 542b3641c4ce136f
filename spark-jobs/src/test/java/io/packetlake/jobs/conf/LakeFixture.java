package io.packetlake.jobs.conf;

import static java.util.Objects.requireNonNull;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.activity.ActivityConfig;
import io.packetlake.jobs.activity.ActivityJob;
import io.packetlake.jobs.connections.ConnectionConfig;
import io.packetlake.jobs.connections.ConnectionJob;
import io.packetlake.jobs.connections.FlowTimeouts;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.jobs.lake.TableDdl;
import io.packetlake.jobs.lake.TableDdl.Dialect;
import io.packetlake.jobs.vectors.VectorConfig;
import io.packetlake.jobs.vectors.VectorJob;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.udfs.PacketlakeExtensions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A lake built from real captures by the real stages, and the conf/ DDL run against it: what the
 * conf and notebook tests query. The session is configured as README.md ("For analysts") tells an
 * analyst to configure theirs: in-memory catalog, packetlake functions from spark.sql.extensions.
 *
 * <p>Building the lake runs every stage on every capture, which takes the better part of a minute;
 * the test classes that only read a lake share one per JVM through {@link #shared}.
 */
public final class LakeFixture {
  /** Real captures with TCP, UDP, ICMP, IPv4 fragments, IPv6 and Linux cooked framing. */
  public static final List<String> CAPTURES =
      List.of(
          "tls2.pcap",
          "ip-frag.pcap",
          "sll2.pcap",
          "many-protocols.pcap",
          "four_ipv6_http_streams.pcap");

  public static final Path CONF = Paths.get("..", "conf").toAbsolutePath().normalize();

  /** The Spark-dialect DDL, which an in-memory catalog runs. */
  public static final Path DDL = CONF.resolve("ddl").resolve(Dialect.SPARK.fileName());

  /** The Hive-dialect DDL, which a Hive metastore runs. */
  public static final Path HIVE_DDL = CONF.resolve("ddl").resolve(Dialect.HIVE.fileName());

  /** The lake {@link #shared} returns, null until its first call. */
  private static Lake sharedLake;

  private LakeFixture() {}

  /** A local session configured like an analyst's, one per test class. */
  public static SparkSession session(String name) {
    return TestSessions.builder(name)
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.extensions", PacketlakeExtensions.class.getName())
        .getOrCreate();
  }

  /** Ingests {@link #CAPTURES} into a new lake under {@code directory} and runs every stage. */
  public static Lake build(SparkSession spark, Path directory) throws IOException {
    requireNonNull(spark, "spark is null");
    Lake lake = new Lake(directory.resolve("lake").toString());
    List<String> inputs =
        CAPTURES.stream()
            .map(name -> Paths.get(TestSessions.corpus(), name).toAbsolutePath().normalize())
            .map(Path::toString)
            .toList();
    IngestJob.run(
        spark,
        new IngestConfig(inputs, lake, false, FramingOptions.DEFAULT_MAX_RECORD_BYTES, true),
        ledger(spark, lake));
    ConnectionJob.run(
        spark, ConnectionConfig.allDates(lake, FlowTimeouts.defaults()), ledger(spark, lake));
    ActivityJob.run(spark, ActivityConfig.allDates(lake), ledger(spark, lake));
    VectorJob.run(spark, VectorConfig.allDates(lake, 1 << 10), ledger(spark, lake));
    return lake;
  }

  /**
   * A lake built by {@link #build} once per JVM, on the first call, in a temporary directory that
   * is deleted when the JVM exits; every later call returns the same lake, whatever session it
   * passes. Its users only read it: a test class that writes to a lake, or needs other captures,
   * builds its own with {@link #build}. A build that fails is tried again, in a new directory, by
   * the next call.
   *
   * @param spark the caller's session, which builds the lake on the first call
   */
  public static synchronized Lake shared(SparkSession spark) throws IOException {
    requireNonNull(spark, "spark is null");
    if (sharedLake == null) {
      Path directory = Files.createTempDirectory("packetlake-shared-lake-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(directory)));
      sharedLake = build(spark, directory);
    }
    return sharedLake;
  }

  /**
   * Runs every statement of conf/ddl/lake-tables-spark.sql with {@code ${lake}} replaced; every
   * table the file names must be in the lake.
   */
  public static void registerTables(SparkSession spark, Lake lake) throws IOException {
    for (DdlStatement statement : ddlStatements(lake)) {
      if (!Files.isDirectory(Paths.get(lake.table(statement.table())))) {
        throw new IllegalStateException(
            "Cannot register table " + statement.table() + ": the lake does not hold it");
      }
      spark.sql(statement.sql());
    }
  }

  /** The statements of the Spark DDL file with the lake path written in, each with its block. */
  public static List<DdlStatement> ddlStatements(Lake lake) throws IOException {
    return ddlStatements(DDL, lake.root());
  }

  /**
   * The statements of a DDL file of conf/ddl, each with its table block, with {@code ${lake}}
   * replaced by {@code lakeRoot} (by itself, to keep the variable).
   */
  public static List<DdlStatement> ddlStatements(Path file, String lakeRoot) throws IOException {
    List<DdlStatement> statements = new ArrayList<>();
    String table = null;
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.trim();
      if (trimmed.startsWith(TableDdl.BLOCK_PREFIX.trim())) {
        table = trimmed.substring(TableDdl.BLOCK_PREFIX.trim().length()).trim();
        continue;
      }
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        if (table == null) {
          throw new IllegalStateException(
              "Cannot read " + file + ": statement before a table block");
        }
        String sql = current.toString().trim();
        sql = sql.substring(0, sql.length() - 1).replace(TableDdl.LAKE_VARIABLE, lakeRoot);
        statements.add(new DdlStatement(table, sql));
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      throw new IllegalStateException("Cannot read " + file + ": statement without a semicolon");
    }
    return statements;
  }

  /**
   * Deletes a directory tree at JVM exit, where a file left in the temp directory harms nothing.
   */
  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Cannot delete the shared test lake " + directory + ": " + e);
    }
  }

  private static RunLedger ledger(SparkSession spark, Lake lake) throws IOException {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), lake, "test", Instant.now());
    ledger.started();
    return ledger;
  }

  /** One statement of the DDL file and the table block it belongs to. */
  public record DdlStatement(String table, String sql) {
    public DdlStatement {
      requireNonNull(table, "table is null");
      requireNonNull(sql, "sql is null");
    }
  }
}
