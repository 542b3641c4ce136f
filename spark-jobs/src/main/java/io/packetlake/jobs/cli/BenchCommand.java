package io.packetlake.jobs.cli;

import io.packetlake.jobs.bench.DecodeBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packetlake bench}: throughput figures measured side by side in one run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Prints throughput figures; nothing here is asserted by tests.",
    subcommands = {BenchCommand.Decode.class})
public final class BenchCommand {
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description =
          "Single-threaded framing, decoding and TSV formatting throughput on the given captures.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(
        names = "--iterations",
        description = "Passes over the files (default: ${DEFAULT-VALUE}).")
    int iterations = 20;

    @Override
    public Integer call() throws Exception {
      new DecodeBenchmark(files, iterations).run(spec.commandLine().getOut());
      return 0;
    }
  }
}
