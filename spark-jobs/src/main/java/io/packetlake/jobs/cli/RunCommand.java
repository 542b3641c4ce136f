package io.packetlake.jobs.cli;

import io.packetlake.jobs.SparkSessions;
import io.packetlake.jobs.generate.CaptureFileFormat;
import io.packetlake.jobs.generate.GenerationLimit;
import io.packetlake.jobs.generate.GenerationSummary;
import io.packetlake.jobs.generate.GeneratorConfig;
import io.packetlake.jobs.generate.TrafficGenerator;
import io.packetlake.jobs.lake.Lake;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packetlake run}: every stage, in order, over the given captures; without inputs, over a
 * capture generated on the spot (the embedded default).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every stage end to end: ingest (more stages join as they are built).",
      "Without --input, generates a demo capture (deterministic) and runs on it."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LakeOptions options;

  @Option(
      names = "--demo-capture",
      paramLabel = "FILE",
      description = "Where the generated demo capture goes (default: ${DEFAULT-VALUE}).")
  Path demoCapture = Paths.get("demo", "packetlake-demo.pcap");

  @Option(
      names = "--demo-packets",
      description = "Packets in the generated demo capture (default: ${DEFAULT-VALUE}).")
  long demoPackets = 200_000;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (options.inputs.isEmpty()) {
      generateDemo(out);
      options.inputs = List.of(demoCapture.toAbsolutePath().toString());
    }
    Lake lake = new Lake(options.lake);
    SparkSession spark = SparkSessions.create("packetlake run");
    try {
      IngestCommand ingest = new IngestCommand();
      ingest.options = options;
      out.println("Stage 1/1: ingest " + String.join(", ", options.inputs));
      out.flush();
      return ingest.ingest(spark, lake, out, spec.commandLine().getErr(), "run");
    } finally {
      spark.stop();
    }
  }

  private void generateDemo(PrintWriter out) throws Exception {
    GeneratorConfig config =
        GeneratorConfig.defaults().withLimit(GenerationLimit.packets(demoPackets));
    if (Files.exists(demoCapture)) {
      out.println("Using the demo capture " + demoCapture + " (delete it to generate it again)");
      out.flush();
      return;
    }
    if (demoCapture.toAbsolutePath().getParent() != null) {
      Files.createDirectories(demoCapture.toAbsolutePath().getParent());
    }
    out.printf("Generating a demo capture of %,d packets: %s%n", demoPackets, demoCapture);
    out.flush();
    GenerationSummary summary =
        new TrafficGenerator(config)
            .generate(demoCapture, CaptureFileFormat.forFileName(demoCapture), false);
    out.printf(
        "Generated %,d packets, %,d bytes in %.1f s%n",
        summary.packets(), summary.bytes(), summary.elapsedSeconds());
    out.flush();
  }
}
