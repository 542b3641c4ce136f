package io.packetlake.yarn;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code spark-submit} without a Spark distribution: {@code org.apache.spark.deploy.SparkSubmit} in
 * a child JVM, on the Maven jars of Spark, its Hadoop client and spark-yarn, with the module opens
 * the spark-submit script adds. Its output goes to a file.
 */
final class SparkSubmitProcess {
  private final List<String> classpath;
  private final List<String> jvmOptions;
  private final Map<String, String> environment;

  SparkSubmitProcess(
      List<String> classpath, List<String> jvmOptions, Map<String, String> environment) {
    this.classpath = List.copyOf(requireNonNull(classpath, "classpath is null"));
    this.jvmOptions = List.copyOf(requireNonNull(jvmOptions, "jvmOptions is null"));
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  /** The jars of a classpath file written by maven-dependency-plugin's build-classpath. */
  static List<String> readClasspathFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      throw new IllegalStateException("Cannot submit: classpath file " + file + " is empty");
    }
    return Arrays.asList(text.split(java.io.File.pathSeparator));
  }

  /** Result of one submission: the exit code and everything spark-submit printed. */
  record Outcome(int exitCode, String output, Duration elapsed) {}

  Outcome run(List<String> sparkSubmitArguments, Path outputFile, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(sparkSubmitArguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile());
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    Process process = builder.start();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    String output = Files.readString(outputFile, StandardCharsets.UTF_8);
    if (!exited) {
      return new Outcome(
          -1, output + "\n[spark-submit killed after " + timeout.toSeconds() + " s]", elapsed);
    }
    return new Outcome(process.exitValue(), output, elapsed);
  }
}
