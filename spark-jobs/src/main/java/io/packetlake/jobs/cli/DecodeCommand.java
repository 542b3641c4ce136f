package io.packetlake.jobs.cli;

import io.packetlake.pcap.decode.PacketDecoder;
import io.packetlake.pcap.decode.PacketHeaders;
import io.packetlake.pcap.decode.PacketTsv;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packetlake decode}: prints decoded packets as TSV, streaming, without Spark. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the packets of captures as tab-separated values with a header line, one row per"
          + " packet (like tshark -T fields), under the packets table's column names. Reads pcap,"
          + " pcapng and their .gz forms without Spark."
    })
public final class DecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture files to decode.")
  List<Path> files;

  @Mixin MaxRecordBytesOption maxRecordBytes = new MaxRecordBytesOption();

  @Option(
      names = "--fail-on-corrupt",
      description = "Stop at the first corrupt region instead of reporting it as a row.")
  boolean failOnCorrupt;

  @Option(names = "--no-header", description = "Do not print the header line.")
  boolean noHeader;

  @Override
  public Integer call() throws IOException {
    FramingOptions options =
        FramingOptions.defaults()
            .withMaxRecordBytes(maxRecordBytes.maxRecordBytes)
            .withSkipCorruptRegions(!failOnCorrupt);
    PrintWriter errors = spec.commandLine().getErr();
    Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
    int exitCode = 0;
    try {
      if (!noHeader) {
        out.write(PacketTsv.HEADER);
        out.write('\n');
      }
      PacketDecoder decoder = new PacketDecoder();
      PacketHeaders headers = new PacketHeaders();
      PacketTsv tsv = new PacketTsv();
      StringBuilder row = new StringBuilder(512);
      for (Path file : files) {
        try (CaptureReaders.OpenCapture capture = CaptureReaders.openLocal(file, options)) {
          for (PacketRecord record = capture.reader().next();
              record != null;
              record = capture.reader().next()) {
            decoder.decode(
                headers,
                record.linkType(),
                record.data(),
                0,
                record.capturedLength(),
                record.originalLength());
            row.setLength(0);
            tsv.appendRow(row, record, headers);
            row.append('\n');
            out.append(row);
          }
        } catch (CorruptCaptureException e) {
          out.flush();
          errors.println(e.getMessage());
          exitCode = 2;
        } catch (NoSuchFileException e) {
          out.flush();
          errors.println("Cannot read capture " + file + ": no such file");
          exitCode = 2;
        }
      }
    } finally {
      out.flush();
    }
    return exitCode;
  }
}
