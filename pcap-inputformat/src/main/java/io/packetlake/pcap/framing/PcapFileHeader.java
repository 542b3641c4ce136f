package io.packetlake.pcap.framing;

import java.io.IOException;

/**
 * The 24-byte header of a classic pcap file.
 *
 * <pre>
 *  0      4          6          8            12          16         20         24
 *  +------+----------+----------+------------+-----------+----------+----------+
 *  |magic |ver major |ver minor | thiszone   | sigfigs   | snaplen  | linktype |
 *  +------+----------+----------+------------+-----------+----------+----------+
 * </pre>
 *
 * Magic {@code a1b2c3d4} means microsecond timestamps, {@code a1b23c4d} nanoseconds and {@code
 * a1b2cd34} Alexey Kuznetzov's "modified" format with 24-byte record headers; the byte order of the
 * magic gives the byte order of the file. The link type field keeps the LINKTYPE in its low 16 bits
 * and the FCS length in its top four bits, counted in 16-bit words when bit 26 is set
 * (draft-ietf-opsawg-pcap, libpcap's pcap-common.h).
 *
 * @param bigEndian byte order of every header field in the file
 * @param nanosecond whether record timestamps carry nanoseconds instead of microseconds
 * @param recordHeaderLength 16, or 24 for the modified format
 * @param snaplen the largest captured length the writer meant to write; 0 when unknown
 * @param linkType LINKTYPE_* of every record
 * @param fcsBytes length of the frame check sequence at the end of each packet, 0 when absent
 */
public record PcapFileHeader(
    boolean bigEndian,
    boolean nanosecond,
    int recordHeaderLength,
    int versionMajor,
    int versionMinor,
    long snaplen,
    int linkType,
    int fcsBytes) {

  public static final int LENGTH = 24;

  // |FCS len (4)|R|P|reserved (10)|link type (16)|, as libpcap's LT_* macros read it.
  private static final int RESERVED_LINK_TYPE_BITS = 0x03FF_0000;
  private static final int FCS_PRESENT_BIT = 0x0400_0000;
  private static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
  private static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
  private static final int MAGIC_MODIFIED = 0xA1B2CD34;

  /** Whether the first four bytes of a file are a classic pcap magic, in either byte order. */
  public static boolean isPcapMagic(int bigEndianMagic) {
    return isMagic(bigEndianMagic) || isMagic(Integer.reverseBytes(bigEndianMagic));
  }

  private static boolean isMagic(int magic) {
    return magic == MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS || magic == MAGIC_MODIFIED;
  }

  /** Reads the header at offset 0. */
  public static PcapFileHeader read(ByteWindow window, String source) throws IOException {
    int available = window.ensure(0, LENGTH);
    if (available < LENGTH) {
      throw new CorruptCaptureException(
          source, 0, "file is " + available + " bytes, shorter than the 24-byte pcap header");
    }
    int magic = window.int32(0, true);
    boolean bigEndian;
    if (isMagic(magic)) {
      bigEndian = true;
    } else if (isMagic(Integer.reverseBytes(magic))) {
      bigEndian = false;
      magic = Integer.reverseBytes(magic);
    } else {
      throw new CorruptCaptureException(
          source, 0, String.format("bad pcap magic number 0x%08x", magic));
    }
    int major = window.unsignedShort(4, bigEndian);
    int minor = window.unsignedShort(6, bigEndian);
    if (major != 2) {
      throw new CorruptCaptureException(
          source, 4, String.format("unsupported pcap version %s.%s", major, minor));
    }
    long snaplen = window.unsignedInt32(16, bigEndian);
    int linkTypeField = window.int32(20, bigEndian);
    if ((linkTypeField & RESERVED_LINK_TYPE_BITS) != 0) {
      throw new CorruptCaptureException(
          source,
          20,
          String.format("reserved bits of the link type field are set: 0x%08x", linkTypeField));
    }
    int fcsBytes = (linkTypeField & FCS_PRESENT_BIT) != 0 ? 2 * (linkTypeField >>> 28) : 0;
    return new PcapFileHeader(
        bigEndian,
        magic == MAGIC_NANOSECONDS,
        magic == MAGIC_MODIFIED ? 24 : 16,
        major,
        minor,
        snaplen,
        linkTypeField & 0xFFFF,
        fcsBytes);
  }
}
