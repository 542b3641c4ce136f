package io.packetlake.pcap.framing;

/**
 * Bounds and policies for framing untrusted captures.
 *
 * @param maxRecordBytes the largest captured length (and pcapng block length) accepted before any
 *     allocation; larger values are treated as corruption. Default 256 KiB: above any real link's
 *     MTU and above GSO/BIG TCP super-packets seen in practice.
 * @param syncChainLength how many consecutive consistent record headers prove a record boundary
 *     when a split starts in the middle of a file (fewer are enough when the chain ends exactly at
 *     end of file)
 * @param maxTimestampGapSeconds the largest jump between consecutive timestamps of a chain that is
 *     still plausible when proving a boundary
 * @param skipCorruptRegions when true, a corrupt region is skipped up to the next provable boundary
 *     and reported as a {@link FrameStatus#CORRUPT_REGION} record; when false it fails the read
 */
public record FramingOptions(
    int maxRecordBytes,
    int syncChainLength,
    long maxTimestampGapSeconds,
    boolean skipCorruptRegions) {

  public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;
  public static final int DEFAULT_SYNC_CHAIN_LENGTH = 16;
  public static final long DEFAULT_MAX_TIMESTAMP_GAP_SECONDS = 24 * 3600;

  public FramingOptions {
    if (maxRecordBytes < 64 || maxRecordBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be between 64 and 64 MiB: " + maxRecordBytes);
    }
    if (syncChainLength < 2 || syncChainLength > 1024) {
      throw new IllegalArgumentException(
          "syncChainLength must be between 2 and 1024: " + syncChainLength);
    }
    if (maxTimestampGapSeconds < 1) {
      throw new IllegalArgumentException(
          "maxTimestampGapSeconds must be positive: " + maxTimestampGapSeconds);
    }
  }

  public static FramingOptions defaults() {
    return new FramingOptions(
        DEFAULT_MAX_RECORD_BYTES,
        DEFAULT_SYNC_CHAIN_LENGTH,
        DEFAULT_MAX_TIMESTAMP_GAP_SECONDS,
        true);
  }

  public FramingOptions withMaxRecordBytes(int value) {
    return new FramingOptions(value, syncChainLength, maxTimestampGapSeconds, skipCorruptRegions);
  }

  public FramingOptions withSyncChainLength(int value) {
    return new FramingOptions(maxRecordBytes, value, maxTimestampGapSeconds, skipCorruptRegions);
  }

  public FramingOptions withSkipCorruptRegions(boolean value) {
    return new FramingOptions(maxRecordBytes, syncChainLength, maxTimestampGapSeconds, value);
  }
}
