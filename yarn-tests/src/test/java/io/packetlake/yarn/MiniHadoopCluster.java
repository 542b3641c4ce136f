package io.packetlake.yarn;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * One DataNode of HDFS and one NodeManager of YARN in this JVM, sized for a two-core machine, with
 * their configuration written where spark-submit looks for it ({@code HADOOP_CONF_DIR}).
 */
final class MiniHadoopCluster implements AutoCloseable {
  // Container logs can be long (a failed task's stack trace repeats); the end says why it failed.
  private static final int LOG_TAIL_BYTES = 48 * 1024;

  private static final int NODE_MANAGERS = 1;

  private final MiniDFSCluster hdfs;
  private final MiniYARNCluster yarn;
  private final Path configurationDirectory;

  private MiniHadoopCluster(
      MiniDFSCluster hdfs, MiniYARNCluster yarn, Path configurationDirectory) {
    this.hdfs = requireNonNull(hdfs, "hdfs is null");
    this.yarn = requireNonNull(yarn, "yarn is null");
    this.configurationDirectory =
        requireNonNull(configurationDirectory, "configurationDirectory is null");
  }

  static MiniHadoopCluster start(Path workDirectory, long blockSize) throws Exception {
    Configuration conf = new YarnConfiguration();
    conf.set(
        MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
        workDirectory.resolve("hdfs").toAbsolutePath().toString());
    // Small blocks, so that every capture is several blocks and so several input splits.
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 1024);
    conf.setLong("dfs.blocksize", blockSize);

    // Container sizes for a 2-core machine shared with other builds. YARN's defaults (1 GiB
    // minimum allocation, 8 GiB and 8 vcores per node) describe a real server. One NodeManager
    // offers 4 GiB and 4 vcores: the driver (application master in cluster mode, 1 GiB heap +
    // 384 MiB overhead) and one executor (1 GiB + 384 MiB) fit with room for a retry; the
    // 256 MiB minimum allocation keeps YARN from rounding each container up to 2 GiB. These are
    // bookkeeping figures: the JVMs use what their -Xmx allows.
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    // A 64-bit JVM reserves far more virtual memory than the 2.1 × physical YARN allows by
    // default; the virtual memory check would kill healthy containers. Physical memory is checked.
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // The capacity scheduler (YARN's default) with one queue, as without a capacity-scheduler.xml
    // it has none. It lets application masters take 10 % of the cluster by default, less than one
    // driver here; the single application of the test may use all of it.
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
    // A nearly full build disk must not turn the only node unhealthy (no containers, no error).
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);

    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    MiniYARNCluster yarn = null;
    try {
      hdfs.waitActive();
      conf.set(FileSystem.FS_DEFAULT_NAME_KEY, hdfs.getFileSystem().getUri().toString());
      yarn = new MiniYARNCluster("packetlake", NODE_MANAGERS, 1, 1);
      yarn.init(conf);
      yarn.start();
      waitForResourceManagerAddress(yarn);
      Path configurationDirectory =
          Files.createDirectories(workDirectory.resolve("hadoop-conf").toAbsolutePath());
      writeClientConfiguration(yarn.getConfig(), configurationDirectory);
      return new MiniHadoopCluster(hdfs, yarn, configurationDirectory);
    } catch (Exception | Error e) {
      if (yarn != null) {
        yarn.stop();
      }
      hdfs.shutdown();
      throw e;
    }
  }

  /**
   * What an edge node's configuration holds: where the NameNode and the ResourceManager listen. Not
   * the cluster's whole configuration, which carries test-only settings (its topology mapping class
   * lives in Hadoop's test jars, which the containers do not have).
   */
  private static void writeClientConfiguration(Configuration cluster, Path directory)
      throws IOException {
    Configuration core = new Configuration(false);
    core.set(FileSystem.FS_DEFAULT_NAME_KEY, cluster.get(FileSystem.FS_DEFAULT_NAME_KEY));
    Configuration yarnSite = new Configuration(false);
    for (Map.Entry<String, String> entry : cluster) {
      String key = entry.getKey();
      if (key.startsWith("yarn.resourcemanager.")
          && (key.endsWith(".address") || key.endsWith(".hostname"))) {
        yarnSite.set(key, cluster.get(key));
      }
    }
    write(core, directory.resolve("core-site.xml"));
    write(yarnSite, directory.resolve("yarn-site.xml"));
  }

  private static void write(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }

  /** start() may return before the ResourceManager has published its real port. */
  private static void waitForResourceManagerAddress(MiniYARNCluster yarn)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot start YARN: the ResourceManager has no address");
      }
      Thread.sleep(100);
    }
  }

  FileSystem fileSystem() throws IOException {
    return hdfs.getFileSystem();
  }

  String hdfsUri() throws IOException {
    return hdfs.getFileSystem().getUri().toString();
  }

  Path configurationDirectory() {
    return configurationDirectory;
  }

  /** The final status YARN reports for each application it ran, by application id. */
  Map<String, String> finalStatuses() throws IOException {
    Map<String, String> statuses = new TreeMap<>();
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(yarn.getConfig());
      client.start();
      for (ApplicationReport report : client.getApplications()) {
        statuses.put(
            report.getApplicationId().toString(), report.getFinalApplicationStatus().toString());
      }
    } catch (YarnException e) {
      throw new IOException("Cannot list YARN applications", e);
    }
    return statuses;
  }

  /** Every YARN application's state and diagnostics, then the end of every container log. */
  String diagnostics() {
    StringBuilder text = new StringBuilder();
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(yarn.getConfig());
      client.start();
      for (ApplicationReport report : client.getApplications()) {
        text.append(
            String.format(
                "YARN application %s (%s): state %s, final status %s%n  diagnostics: %s%n",
                report.getApplicationId(),
                report.getName(),
                report.getYarnApplicationState(),
                report.getFinalApplicationStatus(),
                report.getDiagnostics()));
      }
    } catch (Exception e) {
      text.append("Cannot list YARN applications: ").append(e).append('\n');
    }
    text.append(containerLogs());
    return text.toString();
  }

  /** The end of each file in the NodeManagers' container log directories. */
  String containerLogs() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < NODE_MANAGERS; i++) {
      String directories =
          yarn.getNodeManager(i).getConfig().get(YarnConfiguration.NM_LOG_DIRS, "");
      for (String directory : directories.split(",")) {
        if (directory.isBlank()) {
          continue;
        }
        Path root = new File(directory.replaceFirst("^file:", "")).toPath();
        if (!Files.isDirectory(root)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(root)) {
          files
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(
                  file ->
                      text.append("==== ")
                          .append(root.relativize(file))
                          .append(" ====\n")
                          .append(tail(file))
                          .append('\n'));
        } catch (IOException e) {
          text.append("Cannot list ").append(root).append(": ").append(e).append('\n');
        }
      }
    }
    return text.toString();
  }

  private static String tail(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, LOG_TAIL_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String prefix = length > size ? "[... " + (length - size) + " bytes before]\n" : "";
      return prefix + new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "Cannot read " + file + ": " + e;
    }
  }

  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      hdfs.shutdown();
    }
  }
}
