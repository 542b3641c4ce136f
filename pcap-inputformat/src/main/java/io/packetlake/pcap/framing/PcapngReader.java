package io.packetlake.pcap.framing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames the packet blocks of a pcapng file (draft-ietf-opsawg-pcapng).
 *
 * <pre>
 *  0            4              8                               total - 4      total
 *  +------------+--------------+----------- body ------------+--------------+
 *  | block type | total length | ... padded to 32 bits ...   | total length |
 *  +------------+--------------+-----------------------------+--------------+
 *
 *  Enhanced Packet Block (type 6) body:
 *  | interface id | ts high | ts low | captured len | original len | data | options |
 * </pre>
 *
 * <p>Section Header Blocks (either byte order, several per file), Interface Description Blocks
 * ({@code if_tsresol}, {@code if_tsoffset}), Enhanced, Simple and obsolete Packet Blocks are
 * understood; every other block is skipped by its length without being buffered.
 *
 * <p>A reader that starts in the middle of a file knows the interfaces described before the first
 * packet block of the first section (the preamble). Section headers and interface descriptions it
 * meets later are applied from then on; ones that lie before its start are not seen (see
 * docs/ARCHITECTURE.md, "Splitting pcapng").
 */
public final class PcapngReader implements CaptureReader {
  static final int SECTION_HEADER = 0x0A0D0D0A;
  static final int INTERFACE_DESCRIPTION = 1;
  static final int OBSOLETE_PACKET = 2;
  static final int SIMPLE_PACKET = 3;
  static final int NAME_RESOLUTION = 4;
  static final int INTERFACE_STATISTICS = 5;
  static final int ENHANCED_PACKET = 6;
  static final int SYSTEMD_JOURNAL = 9;
  static final int DECRYPTION_SECRETS = 10;
  static final int CUSTOM = 0x0000_0BAD;
  static final int CUSTOM_NO_COPY = 0x4000_0BAD;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int OPTION_TIMESTAMP_RESOLUTION = 9;
  private static final int OPTION_TIMESTAMP_OFFSET = 14;
  private static final int MINIMUM_BLOCK = 12;
  // Packet and description blocks carry options beyond the packet data.
  private static final int BLOCK_OVERHEAD = 4096;
  private static final int MAX_INTERFACES = 65_536;

  private final String source;
  private final ByteWindow window;
  private final FramingOptions options;
  private final long firstRecordOffset;
  private final boolean preambleBigEndian;
  private final List<PcapngInterface> preambleInterfaces;

  private boolean bigEndian;
  private List<PcapngInterface> interfaces;
  private long position;

  /** Reads the section header at offset 0 and the blocks before the first packet. */
  public PcapngReader(String source, ByteWindow window, FramingOptions options) throws IOException {
    this.source = requireNonNull(source, "source is null");
    this.window = requireNonNull(window, "window is null");
    this.options = requireNonNull(options, "options is null");
    this.interfaces = new ArrayList<>();
    this.position = 0;
    readPreamble();
    this.firstRecordOffset = position;
    this.preambleBigEndian = bigEndian;
    this.preambleInterfaces = List.copyOf(interfaces);
  }

  private void readPreamble() throws IOException {
    int available = window.ensure(0, MINIMUM_BLOCK);
    if (available < MINIMUM_BLOCK || window.int32(0, true) != SECTION_HEADER) {
      throw new CorruptCaptureException(source, 0, "file does not start with a section header");
    }
    int magic = window.int32(8, true);
    if (!takeByteOrder(magic)) {
      throw new CorruptCaptureException(
          source, 8, String.format("bad byte-order magic 0x%08x", magic));
    }
    String problem = sectionHeaderProblem(0);
    if (problem != null) {
      throw new CorruptCaptureException(source, 12, problem);
    }
    while (true) {
      long start = position;
      window.release(start);
      if (window.ensure(start, 8) < 8) {
        return;
      }
      int type = blockType(start);
      if (type == ENHANCED_PACKET || type == SIMPLE_PACKET || type == OBSOLETE_PACKET) {
        return;
      }
      int length = blockLength(start, type);
      if (length < 0) {
        // A damaged block in the preamble: let next() report it at this offset.
        return;
      }
      if (type == SECTION_HEADER) {
        interfaces = new ArrayList<>();
      } else if (type == INTERFACE_DESCRIPTION) {
        readInterface(start, length);
      }
      position = start + length;
    }
  }

  /** Interfaces of the current section, in id order. */
  public List<PcapngInterface> interfaces() {
    return List.copyOf(interfaces);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public long firstRecordOffset() {
    return firstRecordOffset;
  }

  @Override
  public void seek(long offset) {
    if (offset < firstRecordOffset) {
      throw new IllegalArgumentException(
          "Cannot seek to offset " + offset + " before the first block " + firstRecordOffset);
    }
    position = offset;
    bigEndian = preambleBigEndian;
    interfaces = new ArrayList<>(preambleInterfaces);
  }

  @Override
  public PacketRecord next() throws IOException {
    return next(Long.MAX_VALUE);
  }

  @Override
  public PacketRecord next(long endOffset) throws IOException {
    while (true) {
      long start = position;
      if (start >= endOffset) {
        return null;
      }
      window.release(start);
      int available = window.ensure(start, 8);
      if (available == 0) {
        return null;
      }
      if (available < 8) {
        position = start + available;
        return truncated(start);
      }
      int type = blockType(start);
      String byteOrderProblem = type == SECTION_HEADER ? readByteOrder(start) : null;
      if (byteOrderProblem != null) {
        return corrupt(start, byteOrderProblem);
      }
      long rawLength = window.unsignedInt32(start + 4, bigEndian);
      String lengthProblem = blockLengthProblem(type, rawLength);
      if (lengthProblem != null) {
        return corrupt(start, lengthProblem);
      }
      PacketRecord cut = ensureBlock(start, type, rawLength);
      if (cut != null) {
        return cut;
      }
      long trailer = window.unsignedInt32(start + rawLength - 4, bigEndian);
      if (trailer != rawLength) {
        return corrupt(
            start,
            String.format("block length %s does not match its trailer %s", rawLength, trailer));
      }
      position = start + rawLength;
      PacketRecord record = readBlock(start, type, (int) Math.min(rawLength, Integer.MAX_VALUE));
      if (record != null) {
        return record;
      }
    }
  }

  /**
   * Takes the byte order of the section header at {@code start} from its magic; the problem when
   * the magic is neither order's. A header too short to hold the magic is left to the length
   * checks.
   */
  private String readByteOrder(long start) throws IOException {
    if (window.ensure(start, MINIMUM_BLOCK) < MINIMUM_BLOCK) {
      return null;
    }
    int magic = window.int32(start + 8, true);
    return takeByteOrder(magic) ? null : String.format("bad byte-order magic 0x%08x", magic);
  }

  /** Takes the byte order from a section header's magic; false when it is neither order's. */
  private boolean takeByteOrder(int magic) {
    if (!isByteOrderMagic(magic)) {
      return false;
    }
    bigEndian = isBigEndian(magic);
    return true;
  }

  /** Whether a section header's magic, read big-endian, is the byte-order magic in either order. */
  private static boolean isByteOrderMagic(int magic) {
    return magic == BYTE_ORDER_MAGIC || Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC;
  }

  /** Whether the section of a byte-order magic, read big-endian, is big-endian. */
  private static boolean isBigEndian(int magic) {
    return magic == BYTE_ORDER_MAGIC;
  }

  /** Why a block of this type cannot have this length, or null when it can. */
  private String blockLengthProblem(int type, long rawLength) {
    if (rawLength < MINIMUM_BLOCK || rawLength % 4 != 0) {
      return "impossible block length " + rawLength;
    }
    long maximum = options.maxRecordBytes() + BLOCK_OVERHEAD;
    if (isBuffered(type) && rawLength > maximum) {
      return String.format("block length %s exceeds the maximum %s", rawLength, maximum);
    }
    return null;
  }

  /**
   * Makes the bytes of the block that are read next available: the whole block when its body is
   * read, only its trailer when it is skipped. Returns null when they are there, or the record that
   * reports the end of the file inside the block.
   */
  private PacketRecord ensureBlock(long start, int type, long rawLength) throws IOException {
    // A stream cannot go back: a skipped block within the bound is kept whole too, so that if its
    // trailer is damaged the search for the next block can start inside it.
    boolean whole =
        isBuffered(type)
            || (!window.isSeekable() && rawLength <= options.maxRecordBytes() + BLOCK_OVERHEAD);
    if (whole) {
      return window.ensure(start, (int) rawLength) < rawLength
          ? pastEnd(start, rawLength, start)
          : null;
    }
    // Other skipped blocks are never buffered whole.
    window.release(start + rawLength - 4);
    return window.ensure(start + rawLength - 4, 4) < 4
        ? pastEnd(start, rawLength, start + rawLength)
        : null;
  }

  /**
   * Reads a framed block: a packet block gives its record, a damaged section header a corrupt
   * region; section headers and interface descriptions update the state for the blocks that follow,
   * and other blocks carry no packets. Null when there is no record to return.
   */
  private PacketRecord readBlock(long start, int type, int length) throws IOException {
    switch (type) {
      case SECTION_HEADER -> {
        String problem = sectionHeaderProblem(start);
        if (problem != null) {
          if (!options.skipCorruptRegions()) {
            throw new CorruptCaptureException(source, start, problem);
          }
          return corruptBlock(start, length);
        }
        interfaces = new ArrayList<>();
        return null;
      }
      case INTERFACE_DESCRIPTION -> {
        readInterface(start, length);
        return null;
      }
      case ENHANCED_PACKET -> {
        return enhancedPacket(start, length, false);
      }
      case OBSOLETE_PACKET -> {
        return enhancedPacket(start, length, true);
      }
      case SIMPLE_PACKET -> {
        return simplePacket(start, length);
      }
      default -> {
        // Name resolution, statistics, secrets, custom and unknown blocks carry no packets.
        return null;
      }
    }
  }

  private static boolean isBuffered(int type) {
    return type == SECTION_HEADER
        || type == INTERFACE_DESCRIPTION
        || type == ENHANCED_PACKET
        || type == SIMPLE_PACKET
        || type == OBSOLETE_PACKET;
  }

  private int blockType(long start) {
    return window.int32(start, bigEndian);
  }

  /** Block length at {@code start} after checking it, or -1 when it is not usable. */
  private int blockLength(long start, int type) throws IOException {
    if (type == SECTION_HEADER) {
      if (window.ensure(start, MINIMUM_BLOCK) < MINIMUM_BLOCK
          || !takeByteOrder(window.int32(start + 8, true))) {
        return -1;
      }
    }
    long length = window.unsignedInt32(start + 4, bigEndian);
    if (length < MINIMUM_BLOCK
        || length % 4 != 0
        || length > options.maxRecordBytes() + BLOCK_OVERHEAD
        || window.ensure(start, (int) length) < length
        || window.unsignedInt32(start + length - 4, bigEndian) != length) {
      return -1;
    }
    if (type == SECTION_HEADER && sectionHeaderProblem(start) != null) {
      return -1;
    }
    return (int) length;
  }

  private String sectionHeaderProblem(long start) throws IOException {
    if (window.ensure(start, 16) < 16) {
      return "section header shorter than 16 bytes";
    }
    int major = window.unsignedShort(start + 12, bigEndian);
    int minor = window.unsignedShort(start + 14, bigEndian);
    if (major != 1) {
      return String.format("unsupported pcapng version %s.%s", major, minor);
    }
    return null;
  }

  private void readInterface(long start, int length) throws IOException {
    if (length < 20) {
      return;
    }
    if (interfaces.size() >= MAX_INTERFACES) {
      throw new CorruptCaptureException(
          source, start, "more than " + MAX_INTERFACES + " interfaces in one section");
    }
    int linkType = window.unsignedShort(start + 8, bigEndian);
    long snaplen = window.unsignedInt32(start + 12, bigEndian);
    int resolution = PcapngInterface.DEFAULT_RESOLUTION;
    long offsetSeconds = 0;
    long option = start + 16;
    long end = start + length - 4;
    while (option + 4 <= end) {
      int code = window.unsignedShort(option, bigEndian);
      int optionLength = window.unsignedShort(option + 2, bigEndian);
      long value = option + 4;
      if (code == 0 || value + optionLength > end) {
        break;
      }
      if (code == OPTION_TIMESTAMP_RESOLUTION && optionLength >= 1) {
        resolution = window.unsignedByte(value);
      } else if (code == OPTION_TIMESTAMP_OFFSET && optionLength >= 8) {
        offsetSeconds = int64(value);
      }
      option = value + ((optionLength + 3) & ~3);
    }
    interfaces.add(new PcapngInterface(linkType, snaplen, resolution, offsetSeconds));
  }

  private long int64(long at) {
    long first = window.unsignedInt32(at, bigEndian);
    long second = window.unsignedInt32(at + 4, bigEndian);
    return bigEndian ? (first << 32) | second : (second << 32) | first;
  }

  private PacketRecord enhancedPacket(long start, int length, boolean obsolete) throws IOException {
    if (length < 32) {
      return corruptBlock(start, length, "packet block of " + length + " bytes is too short");
    }
    long interfaceId =
        obsolete
            ? window.unsignedShort(start + 8, bigEndian)
            : window.unsignedInt32(start + 8, bigEndian);
    if (interfaceId >= interfaces.size()) {
      return corruptBlock(
          start,
          length,
          String.format(
              "interface id %s is not described (%s interfaces)", interfaceId, interfaces.size()));
    }
    PcapngInterface described = interfaces.get((int) interfaceId);
    long units =
        (window.unsignedInt32(start + 12, bigEndian) << 32)
            | window.unsignedInt32(start + 16, bigEndian);
    long capturedLength = window.unsignedInt32(start + 20, bigEndian);
    long originalLength = window.unsignedInt32(start + 24, bigEndian);
    if (capturedLength > length - 32) {
      return corruptBlock(
          start,
          length,
          String.format("captured length %s overruns the %s-byte block", capturedLength, length));
    }
    long timestampNanos = described.toNanos(units);
    return new PacketRecord(
        source,
        start,
        FrameStatus.OK,
        timestampNanos,
        (int) Math.min(originalLength, Integer.MAX_VALUE),
        described.linkType(),
        window.copy(start + 28, (int) capturedLength));
  }

  private PacketRecord simplePacket(long start, int length) throws IOException {
    if (length < 16) {
      return corruptBlock(start, length, "simple packet block of " + length + " bytes");
    }
    if (interfaces.isEmpty()) {
      return corruptBlock(start, length, "simple packet block before any interface description");
    }
    PcapngInterface described = interfaces.get(0);
    long originalLength = window.unsignedInt32(start + 8, bigEndian);
    long capturedLength = Math.min(originalLength, length - 16);
    if (described.snaplen() > 0) {
      capturedLength = Math.min(capturedLength, described.snaplen());
    }
    return new PacketRecord(
        source,
        start,
        FrameStatus.OK,
        PacketRecord.NO_TIMESTAMP,
        (int) Math.min(originalLength, Integer.MAX_VALUE),
        described.linkType(),
        window.copy(start + 12, (int) capturedLength));
  }

  /**
   * A block at {@code start} whose length runs past the end of the input: the last block, cut short
   * (TRUNCATED), unless blocks resume in the bytes after its start, which makes the length damaged
   * (a corrupt region up to them). Only blocks within the bound are searched: a longer one is never
   * buffered, and a stream has skipped its bytes, so searching it on a file would give other
   * records than a stream gives.
   */
  private PacketRecord pastEnd(long start, long rawLength, long positionWhenUnknown)
      throws IOException {
    long end = window.knownSize();
    if (end >= 0 && rawLength <= options.maxRecordBytes() + BLOCK_OVERHEAD) {
      for (long candidate = start + 4; candidate + MINIMUM_BLOCK <= end; candidate += 4) {
        if (isChainAt(candidate)) {
          return corrupt(
              start,
              String.format(
                  "block length %s runs past the end of the input at %s, blocks resume at %s",
                  rawLength, end, candidate));
        }
      }
    }
    position = end >= 0 ? end : positionWhenUnknown;
    return truncated(start);
  }

  private PacketRecord truncated(long start) {
    return new PacketRecord(
        source,
        start,
        FrameStatus.TRUNCATED,
        PacketRecord.NO_TIMESTAMP,
        0,
        currentLinkType(),
        new byte[0]);
  }

  private int currentLinkType() {
    return interfaces.isEmpty() ? -1 : interfaces.get(0).linkType();
  }

  private PacketRecord corruptBlock(long start, long length, String reason)
      throws CorruptCaptureException {
    if (!options.skipCorruptRegions()) {
      throw new CorruptCaptureException(source, start, reason);
    }
    return corruptBlock(start, length);
  }

  private PacketRecord corruptBlock(long start, long length) {
    position = start + length;
    return new PacketRecord(
        source,
        start,
        FrameStatus.CORRUPT_REGION,
        PacketRecord.NO_TIMESTAMP,
        (int) Math.min(length, Integer.MAX_VALUE),
        currentLinkType(),
        new byte[0]);
  }

  private PacketRecord corrupt(long start, String reason) throws IOException {
    if (!options.skipCorruptRegions()) {
      throw new CorruptCaptureException(source, start, reason);
    }
    // On a stream, the body of a long skipped block is gone: the search starts after it.
    long resume = findBoundary(Math.max(start + 4, window.firstAvailable()));
    position = resume;
    return new PacketRecord(
        source,
        start,
        FrameStatus.CORRUPT_REGION,
        PacketRecord.NO_TIMESTAMP,
        (int) Math.min(resume - start, Integer.MAX_VALUE),
        currentLinkType(),
        new byte[0]);
  }

  @Override
  public long findBoundary(long from) throws IOException {
    long candidate = Math.max(firstRecordOffset, (from + 3) & ~3L);
    for (; ; candidate += 4) {
      window.release(candidate);
      int available = window.ensure(candidate, MINIMUM_BLOCK);
      if (available < MINIMUM_BLOCK) {
        // No block fits: the boundary is the end of the input, even when rounding up to a
        // multiple of four stepped past it.
        return Math.min(candidate + available, window.knownSize());
      }
      if (isChainAt(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * Whether {@link FramingOptions#syncChainLength()} well-formed blocks follow each other from
   * {@code candidate} (a known type, a length that is a multiple of four and repeated in the
   * trailer, packet fields inside the block), or fewer that end exactly at the end of the file.
   * Uses the byte order and interfaces of the preamble.
   */
  private boolean isChainAt(long candidate) throws IOException {
    boolean order = preambleBigEndian;
    int interfaceCount = preambleInterfaces.size();
    long at = candidate;
    for (int count = 0; count < options.syncChainLength(); count++) {
      int available = window.ensure(at, MINIMUM_BLOCK);
      if (available == 0) {
        return count > 0 && window.knownSize() == at;
      }
      if (available < MINIMUM_BLOCK) {
        return false;
      }
      int type = window.int32(at, order);
      if (type == SECTION_HEADER) {
        int magic = window.int32(at + 8, true);
        if (!isByteOrderMagic(magic)) {
          return false;
        }
        order = isBigEndian(magic);
        interfaceCount = -1;
      } else if (!isKnownType(type)) {
        return false;
      }
      long length = window.unsignedInt32(at + 4, order);
      // Every block of a proving chain is bounded, so the chain never buffers more than
      // syncChainLength blocks of maxRecordBytes.
      if (length < MINIMUM_BLOCK
          || length % 4 != 0
          || length > options.maxRecordBytes() + BLOCK_OVERHEAD) {
        return false;
      }
      if (window.ensure(at + length - 4, 4) < 4
          || window.unsignedInt32(at + length - 4, order) != length) {
        return false;
      }
      if (type == ENHANCED_PACKET) {
        if (length < 32 || window.ensure(at, 28) < 28) {
          return false;
        }
        long interfaceId = window.unsignedInt32(at + 8, order);
        long capturedLength = window.unsignedInt32(at + 20, order);
        if (capturedLength > length - 32
            || (interfaceCount >= 0 && interfaceId >= interfaceCount)) {
          return false;
        }
      } else if (type == INTERFACE_DESCRIPTION && interfaceCount >= 0) {
        interfaceCount++;
      }
      at += length;
    }
    return true;
  }

  private static boolean isKnownType(int type) {
    return switch (type) {
      case INTERFACE_DESCRIPTION,
          OBSOLETE_PACKET,
          SIMPLE_PACKET,
          NAME_RESOLUTION,
          INTERFACE_STATISTICS,
          ENHANCED_PACKET,
          SYSTEMD_JOURNAL,
          DECRYPTION_SECRETS,
          CUSTOM,
          CUSTOM_NO_COPY ->
          true;
      default -> false;
    };
  }
}
