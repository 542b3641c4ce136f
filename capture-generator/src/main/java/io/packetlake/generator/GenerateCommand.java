package io.packetlake.generator;

import io.packetlake.pcap.framing.EpochNanos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code packetlake generate}: writes a synthetic capture for demos, scale tests and benchmarks.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic, deterministic capture of a site's traffic: TCP web sessions (HTTP, TLS)"
          + " with handshakes, retransmissions, FIN and RST teardowns; DNS, including fragmented"
          + " IPv4 and IPv6 answers; ICMP and ICMPv6 echo; NTP; horizontal and vertical port"
          + " scans. IPv4 and IPv6 hosts, some on VLANs. Every packet has valid lengths and"
          + " checksums. The same options always write the same bytes."
    },
    footer = {
      "",
      "Examples:",
      "  packetlake generate --output demo.pcap",
      "  packetlake generate --output big.pcapng --bytes 2g --span 30d --hosts 5000"
    })
public final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "Capture file to create or replace.")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "pcap|pcapng",
      converter = FormatConverter.class,
      description = "File format (default: pcapng for a FILE named *.pcapng, else pcap).")
  CaptureFileFormat format;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Size size = new Size();

  /** How much to generate: one of the two. */
  static final class Size {
    @Option(
        names = "--packets",
        paramLabel = "N",
        description = "Number of packets (default: 100000).")
    Long packets;

    @Option(
        names = "--bytes",
        paramLabel = "SIZE",
        converter = ByteSizeConverter.class,
        description =
            "Largest file size, with an optional k, m, g or t suffix (powers of 1024), e.g. 2g.")
    Long bytes;
  }

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      defaultValue = "2024-01-01T00:00:00Z",
      converter = InstantConverter.class,
      paramLabel = "INSTANT",
      description = "Earliest timestamp, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(
      names = "--span",
      defaultValue = "2d",
      converter = SpanConverter.class,
      paramLabel = "DURATION",
      description =
          "How long the traffic lasts: ISO-8601 (PT6H) or like 3d, 6h, 90m, 1d12h"
              + " (default: ${DEFAULT-VALUE}).")
  Duration span;

  @Option(
      names = "--hosts",
      defaultValue = "200",
      paramLabel = "N",
      description = "Local hosts on the site (default: ${DEFAULT-VALUE}).")
  int hosts;

  @Option(
      names = "--nanosecond",
      description = "Write nanosecond timestamps (default: microseconds).")
  boolean nanosecond;

  @Override
  public Integer call() {
    GeneratorConfig config;
    try {
      config = new GeneratorConfig(seed, start, span, hosts, limit());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    CaptureFileFormat chosen = format != null ? format : CaptureFileFormat.forFileName(output);
    PrintWriter errors = spec.commandLine().getErr();
    GenerationSummary summary;
    try {
      summary = writeAtomically(new TrafficGenerator(config), chosen);
    } catch (IOException e) {
      errors.println("Cannot generate " + output + ": " + e);
      errors.flush();
      return 1;
    }
    errors.println(describe(summary, chosen));
    errors.flush();
    return 0;
  }

  private GenerationLimit limit() {
    if (size.bytes != null) {
      return GenerationLimit.bytes(size.bytes);
    }
    if (size.packets != null) {
      return GenerationLimit.packets(size.packets);
    }
    return GeneratorConfig.DEFAULT_LIMIT;
  }

  /** Writes beside the target and renames at the end: an interrupted run leaves no half file. */
  private GenerationSummary writeAtomically(TrafficGenerator generator, CaptureFileFormat chosen)
      throws IOException {
    Path target = output.toAbsolutePath();
    Path partial =
        target.resolveSibling(
            "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    try {
      GenerationSummary summary = generator.generate(partial, chosen, nanosecond);
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return summary;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  private String describe(GenerationSummary summary, CaptureFileFormat chosen) {
    return String.format(
        Locale.ROOT,
        "Generated %s: %,d packets, %,d bytes (%s), %s to %s, in %.2f s (%.1f MB/s, %,.0f"
            + " packets/s)",
        output,
        summary.packets(),
        summary.bytes(),
        chosen,
        EpochNanos.toInstant(summary.firstTimestampNanos()),
        EpochNanos.toInstant(summary.lastTimestampNanos()),
        summary.elapsedSeconds(),
        summary.megabytesPerSecond(),
        summary.packetsPerSecond());
  }

  static final class FormatConverter implements ITypeConverter<CaptureFileFormat> {
    @Override
    public CaptureFileFormat convert(String value) {
      try {
        return CaptureFileFormat.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class SpanConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return OptionValues.parseSpan(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OptionValues.parseInstant(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
