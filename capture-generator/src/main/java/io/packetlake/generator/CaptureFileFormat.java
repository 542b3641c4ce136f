package io.packetlake.generator;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats the generator writes. */
public enum CaptureFileFormat {
  /** Classic libpcap: a 24-byte file header and a 16-byte header per record. */
  PCAP,
  /** pcapng: one section, one Ethernet interface, an Enhanced Packet Block per packet. */
  PCAPNG;

  /** The format a file name asks for: {@link #PCAPNG} for {@code .pcapng}, else {@link #PCAP}. */
  public static CaptureFileFormat forFileName(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".pcapng")
        ? PCAPNG
        : PCAP;
  }

  /**
   * Parses {@code pcap} or {@code pcapng}, ignoring case.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static CaptureFileFormat fromName(String name) {
    for (CaptureFileFormat format : values()) {
      if (format.name().equalsIgnoreCase(name.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "Cannot parse capture format: '" + name + "' (expected pcap or pcapng)");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
