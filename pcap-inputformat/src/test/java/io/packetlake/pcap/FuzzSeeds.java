package io.packetlake.pcap;

import static io.packetlake.pcap.decode.TestPackets.concat;
import static io.packetlake.pcap.decode.TestPackets.ethernet;
import static io.packetlake.pcap.decode.TestPackets.hex;
import static io.packetlake.pcap.decode.TestPackets.ipv4;
import static io.packetlake.pcap.decode.TestPackets.ipv6;
import static io.packetlake.pcap.decode.TestPackets.payload;
import static io.packetlake.pcap.decode.TestPackets.tcp;
import static io.packetlake.pcap.decode.TestPackets.udp;
import static io.packetlake.pcap.decode.TestPackets.uint16;
import static io.packetlake.pcap.decode.TestPackets.vlanTag;

import io.packetlake.pcap.app.dns.DnsBytes;
import io.packetlake.pcap.framing.PcapWriter;
import io.packetlake.pcap.framing.PcapngWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of the fuzz tests, made from code: small captures written by {@link PcapWriter}
 * and {@link PcapngWriter} (intact, cut, and with damaged lengths), packets of every link type and
 * DNS messages ({@link DnsBytes#fuzzSeeds}). {@code TestFuzzSeeds} checks that the files under
 * {@code src/test/resources} are these; run {@link #main} from the module directory to write them
 * again after changing this class.
 *
 * <p>Inputs the fuzzer found failing are checked in beside the seeds under their own names ({@code
 * crash-*}) and are not touched by this class.
 */
public final class FuzzSeeds {
  private static final long T0 = 1_700_000_000_123_456_789L;
  private static final Path RESOURCES = Paths.get("src/test/resources/io/packetlake/pcap");

  private FuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    for (Map.Entry<Path, byte[]> seed : all().entrySet()) {
      Path file = RESOURCES.resolve(seed.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, seed.getValue());
    }
    System.out.println("Wrote " + all().size() + " seeds under " + RESOURCES.toAbsolutePath());
  }

  /** Every seed, by its path below {@code src/test/resources/io/packetlake/pcap}. */
  public static Map<Path, byte[]> all() {
    Map<Path, byte[]> seeds = new LinkedHashMap<>();
    Map<String, byte[]> pcap = pcapFiles();
    Map<String, byte[]> pcapng = pcapngFiles();
    pcap.forEach(
        (name, bytes) ->
            seeds.put(Paths.get("framing/TestFramingFuzzInputs/pcapFraming", name), bytes));
    pcapng.forEach(
        (name, bytes) ->
            seeds.put(Paths.get("framing/TestFramingFuzzInputs/pcapngFraming", name), bytes));
    // Split size (2 bytes, minus one) and sync chain length (1 byte, 2 + value % 15) first.
    int index = 0;
    for (Map<String, byte[]> files : List.of(pcap, pcapng)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        int splitSize = new int[] {40, 97, 200, 333}[index % 4];
        int chain = new int[] {0, 2, 14}[index % 3];
        index++;
        byte[] input = concat(uint16(splitSize - 1), new byte[] {(byte) chain}, file.getValue());
        seeds.put(Paths.get("hadoop/TestSplitFuzzInputs/splitOwnership", file.getKey()), input);
      }
    }
    // Lengths within the bounds but past the end of the file, with records after them.
    Map<String, byte[]> pastEnd = pastEndFiles();
    for (Map.Entry<String, byte[]> file : pastEnd.entrySet()) {
      String target = file.getKey().endsWith("-pcapng") ? "pcapngFraming" : "pcapFraming";
      seeds.put(Paths.get("framing/TestFramingFuzzInputs", target, file.getKey()), file.getValue());
      byte[] input = concat(uint16(97 - 1), new byte[] {(byte) 2}, file.getValue());
      seeds.put(Paths.get("hadoop/TestSplitFuzzInputs/splitOwnership", file.getKey()), input);
    }
    packets()
        .forEach(
            (name, packet) ->
                seeds.put(Paths.get("decode/TestDecoderFuzzInputs/headerDecoding", name), packet));
    DnsBytes.fuzzSeeds()
        .forEach(
            (name, message) ->
                seeds.put(Paths.get("app/dns/TestDnsParserFuzzInputs/dnsParsing", name), message));
    return seeds;
  }

  private static Map<String, byte[]> pcapFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<byte[]> frames = ethernetFrames();
    byte[] littleEndian = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames, 20);
    files.put("seed-le-microseconds-pcap", littleEndian);
    files.put("seed-be-nanoseconds-pcap", pcap(ByteOrder.BIG_ENDIAN, true, 1, frames, 12));
    files.put("seed-raw-ip-pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 101, rawFrames(), 8));
    files.put("seed-cut-pcap", Arrays.copyOf(littleEndian, littleEndian.length - 29));
    byte[] damaged = littleEndian.clone();
    ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0xFFFF_FFF0);
    files.put("seed-huge-length-pcap", damaged);
    byte[] zero = littleEndian.clone();
    ByteBuffer.wrap(zero).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0);
    files.put("seed-zero-length-pcap", zero);
    files.put("seed-modified-format-pcap", modifiedPcap());
    return files;
  }

  private static Map<String, byte[]> pastEndFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] pcap = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, ethernetFrames(), 20);
    ByteBuffer buffer = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    // The first record that 250 bytes (within the 256-byte bound of the fuzz targets) would take
    // past the end of the file; records follow it.
    int record = 24;
    while (record + 16 + 250 <= pcap.length) {
      record += 16 + buffer.getInt(record + 8);
    }
    buffer.putInt(record + 8, 250);
    files.put("seed-length-past-end-pcap", pcap);
    byte[] pcapng = pcapng(ByteOrder.LITTLE_ENDIAN, 6);
    // The first packet block, after the section header and two interface descriptions.
    ByteBuffer.wrap(pcapng).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 32 + 32 + 4, 4000);
    files.put("seed-length-past-end-pcapng", pcapng);
    return files;
  }

  private static Map<String, byte[]> pcapngFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] twoSections =
        concat(pcapng(ByteOrder.LITTLE_ENDIAN, 6), pcapng(ByteOrder.BIG_ENDIAN, 9));
    files.put("seed-two-sections-pcapng", twoSections);
    byte[] single = pcapng(ByteOrder.LITTLE_ENDIAN, 6);
    files.put("seed-cut-pcapng", Arrays.copyOf(single, single.length - 23));
    byte[] trailer = single.clone();
    ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer.length - 4, 12345);
    files.put("seed-bad-trailer-pcapng", trailer);
    byte[] length = single.clone();
    // The length field of the second interface description (after the 28-byte section header
    // and the 32-byte first interface description).
    ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 32 + 4, 13);
    files.put("seed-odd-block-length-pcapng", length);
    return files;
  }

  private static List<byte[]> ethernetFrames() {
    return List.of(
        concat(ethernet(0x0800), ipv4(6, 24), tcp(49152, 443, 0x018), payload(4)),
        concat(
            ethernet(0x8100),
            vlanTag(0, 10, 0x86DD),
            ipv6(0, 24),
            hex("2c 00 0000 00000000"),
            hex("11 00 0001 0000abcd"),
            udp(5000, 53, 0)),
        concat(ethernet(0x0800), ipv4(17, 12), udp(5353, 53, 4), payload(4)),
        concat(ethernet(0x86DD), ipv6(58, 8), hex("8000 0000 0001 0001")),
        concat(ethernet(0x8864), hex("1100 0001 0024 0021"), ipv4(17, 8), udp(1, 1701, 0)),
        concat(ethernet(0x8847), hex("00011140"), ipv6(17, 8), udp(1, 4789, 0)));
  }

  private static List<byte[]> rawFrames() {
    return List.of(
        concat(ipv4(1, 8), hex("0800 0000 0001 0001")),
        concat(ipv4(4, 40), ipv4(6, 20), tcp(1, 2, 0x002)),
        concat(ipv6(6, 20), tcp(80, 50000, 0x012)));
  }

  private static byte[] pcap(
      ByteOrder order, boolean nanosecond, int linkType, List<byte[]> frames, int count) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(bytes, order, nanosecond, linkType, 65535)) {
      for (int i = 0; i < count; i++) {
        byte[] frame = frames.get(i % frames.size());
        writer.write(T0 + i * 1_000_000L, frame.length, frame, 0, frame.length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Kuznetzov's modified format: 24-byte record headers. */
  private static byte[] modifiedPcap() {
    byte[] frame = ethernetFrames().get(0);
    ByteBuffer file = ByteBuffer.allocate(24 + 3 * (24 + frame.length)).order(ByteOrder.BIG_ENDIAN);
    file.putInt(0xA1B2CD34).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    file.putInt(65535).putInt(1);
    for (int i = 0; i < 3; i++) {
      file.putInt(1_700_000_000 + i).putInt(5).putInt(frame.length).putInt(frame.length);
      file.putInt(7).putShort((short) 8).putShort((short) 0);
      file.put(frame);
    }
    return file.array();
  }

  private static byte[] pcapng(ByteOrder order, int resolution) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(bytes, order)) {
      int ethernet = writer.addInterface(1, 65535, resolution);
      int raw = writer.addInterface(101, 128, 9);
      List<byte[]> frames = ethernetFrames();
      for (int i = 0; i < 8; i++) {
        byte[] frame = frames.get(i % frames.size());
        writer.writeEnhancedPacket(ethernet, T0 + i * 1000L, frame.length, frame, 0, frame.length);
        if (i == 3) {
          writer.writeCustomBlock(new byte[] {1, 2, 3, 4, 5});
          byte[] ip = rawFrames().get(1);
          writer.writeEnhancedPacket(raw, T0 + i * 1000L + 1, ip.length, ip, 0, ip.length);
        }
      }
      byte[] frame = frames.get(2);
      writer.writeSimplePacket(frame.length, frame, 0, frame.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Link type (2 bytes), original length (4 bytes), captured bytes. */
  private static Map<String, byte[]> packets() {
    Map<String, byte[]> packets = new LinkedHashMap<>();
    List<byte[]> frames = ethernetFrames();
    for (int i = 0; i < frames.size(); i++) {
      packets.put("seed-ethernet-" + i, packet(1, frames.get(i)));
    }
    List<byte[]> raw = rawFrames();
    for (int i = 0; i < raw.size(); i++) {
      packets.put("seed-raw-" + i, packet(101, raw.get(i)));
    }
    byte[] ip = raw.get(0);
    packets.put("seed-null-loopback", packet(0, concat(hex("02000000"), ip)));
    packets.put("seed-loop", packet(108, concat(hex("0000001e"), raw.get(2))));
    packets.put("seed-ppp", packet(9, concat(hex("ff03 0021"), ip)));
    packets.put("seed-cisco-hdlc", packet(104, concat(hex("0f00 0800"), ip)));
    packets.put(
        "seed-linux-sll", packet(113, concat(hex("0000 0001 0006 00005e005301 0000 0800"), ip)));
    packets.put(
        "seed-linux-sll2",
        packet(276, concat(hex("0800 0000 00000002 0001 00 06 00005e005301 0000"), ip)));
    packets.put("seed-ipv4", packet(228, ip));
    packets.put("seed-ipv6", packet(229, raw.get(2)));
    byte[] chain = new byte[8 * 12];
    for (int header = 0; header < 12; header++) {
      chain[8 * header] = (byte) (header == 11 ? 17 : 60);
    }
    packets.put(
        "seed-ipv6-extension-chain",
        packet(229, concat(ipv6(60, chain.length + 8), chain, udp(1, 2, 0))));
    packets.put(
        "seed-ipv6-jumbogram",
        packet(
            229,
            concat(ipv6(0, 0), hex("3a 00 c204 0001 1170"), hex("8000 0000"), payload(16)),
            70000));
    byte[] fragment = ipv4(17, 16);
    fragment[6] = 0x20;
    fragment[7] = 0x02;
    packets.put("seed-ipv4-fragment", packet(101, concat(fragment, payload(16))));
    byte[] options = concat(hex("46"), Arrays.copyOfRange(ipv4(6, 44), 1, 20), hex("94040000"));
    options[3] = 68;
    byte[] tcpOptions = concat(tcp(443, 50000, 0x002), hex("020405b4"));
    tcpOptions[12] = 0x60;
    packets.put("seed-options", packet(101, concat(options, tcpOptions, payload(20)), 200));
    return packets;
  }

  private static byte[] packet(int linkType, byte[] data) {
    return packet(linkType, data, data.length);
  }

  private static byte[] packet(int linkType, byte[] data, int originalLength) {
    return concat(uint16(linkType), ByteBuffer.allocate(4).putInt(originalLength).array(), data);
  }
}
