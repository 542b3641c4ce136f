package io.packetlake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.source.PacketTable;
import io.packetlake.pcap.decode.PacketTsv;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class TestDecodeCommand {
  @TempDir Path directory;

  @Test
  void printsAHeaderAndOneRowPerPacket() {
    Output output = run("decode", capture("ssh.pcap"));
    assertThat(output.exitCode).isZero();
    List<String> lines = output.stdout.lines().toList();
    assertThat(lines).hasSize(1 + 54);
    assertThat(lines.get(0)).isEqualTo(PacketTsv.HEADER);
    int columns = PacketTsv.HEADER.split("\t", -1).length;
    assertThat(lines).allSatisfy(line -> assertThat(line.split("\t", -1)).hasSize(columns));
    assertThat(lines.get(1)).contains("202.108.87.165\t223.132.53.222").contains("\t62146\t22\t");
  }

  @Test
  void headerUsesThePacketsTableColumnNames() {
    String header = run("decode", capture("ssh.pcap")).stdout.lines().findFirst().orElseThrow();
    List<String> columns = List.of(header.split("\t"));

    assertThat(columns)
        .startsWith("record_offset", "packet_time", "frame_length")
        .contains("ip_dont_fragment", "ip_more_fragments", "is_fragment")
        .endsWith("decode_status");
    assertThat(columns)
        .filteredOn(column -> !PacketTable.CATALOG.columnNames().contains(column))
        .containsExactly("payload_ether_type", "ipv6_payload_length");
  }

  @Test
  void readsGzipCapturesAndSeveralFiles() throws IOException {
    Path compressed = directory.resolve("ssh.pcap.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
      Files.copy(Paths.get(capture("ssh.pcap")), out);
    }
    Output output = run("decode", "--no-header", compressed.toString(), capture("dns_udp.pcap"));
    assertThat(output.exitCode).isZero();
    assertThat(output.stdout.lines()).hasSize(54 + 2);
  }

  @Test
  void unreadableFileIsNamedAndFailsTheCommand() throws IOException {
    Path text = Files.writeString(directory.resolve("notes.pcap"), "not a capture");
    Output output = run("decode", text.toString(), capture("dns_udp.pcap"));
    assertThat(output.exitCode).isEqualTo(2);
    assertThat(output.stderr.strip())
        .isEqualTo(
            "Cannot read capture "
                + text
                + " at offset 0: not a pcap or pcapng file (magic 0x6e6f7420)");
    // The readable file after it is still decoded.
    assertThat(output.stdout.lines()).hasSize(1 + 2);
  }

  private static String capture(String name) {
    return Paths.get(TestSessions.corpus(), name).toString();
  }

  private record Output(int exitCode, String stdout, String stderr) {}

  private static Output run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = PacketlakeCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Output(exitCode, out.toString(), err.toString());
  }
}
