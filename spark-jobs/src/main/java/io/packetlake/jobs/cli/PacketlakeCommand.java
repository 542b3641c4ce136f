package io.packetlake.jobs.cli;

import io.packetlake.generator.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code packetlake}: the one command-line entry point, locally and on a cluster. */
@Command(
    name = "packetlake",
    mixinStandardHelpOptions = true,
    versionProvider = PacketlakeCommand.Version.class,
    description = "Turns pcap/pcapng captures into Parquet feature tables.",
    footer = {
      "",
      "Benchmarks: bin/packetlake bench --help (the benchmarks module, not part of the job jar)."
    },
    subcommands = {
      RunCommand.class,
      IngestCommand.class,
      ConnectionsCommand.class,
      ActivityCommand.class,
      VectorsCommand.class,
      GenerateCommand.class,
      DecodeCommand.class,
      TablesCommand.class,
      RegisterCommand.class,
      ChecksumsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PacketlakeCommand {
  public static void main(String[] args) {
    int exitCode = execute(args);
    // On YARN in cluster mode this main runs inside the application master, which reports
    // success only when main returns: System.exit, even System.exit(0), ends the application as
    // FAILED ("Shutdown hook called before final status was reported"). So exit only to fail.
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** Runs the command line and returns its exit code, for tests and for {@link #main}. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, for callers that direct its output elsewhere. */
  public static CommandLine commandLine() {
    return new CommandLine(new PacketlakeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PacketlakeCommand.class.getPackage().getImplementationVersion();
      return new String[] {"packetlake " + (version == null ? "(development build)" : version)};
    }
  }
}
