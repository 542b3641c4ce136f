package io.packetlake.pcap.framing;

/** Capture file formats, told apart by their first four bytes. */
public enum CaptureFormat {
  PCAP,
  PCAPNG;

  /**
   * The format whose magic number starts a file, read as a big-endian int.
   *
   * @return the format, or null when the bytes are neither
   */
  public static CaptureFormat fromMagic(int firstFourBytesBigEndian) {
    if (PcapFileHeader.isPcapMagic(firstFourBytesBigEndian)) {
      return PCAP;
    }
    if (firstFourBytesBigEndian == PcapngReader.SECTION_HEADER) {
      return PCAPNG;
    }
    return null;
  }
}
