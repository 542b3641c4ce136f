package io.packetlake.pcap.hadoop;

import io.packetlake.pcap.framing.FramingOptions;
import org.apache.hadoop.conf.Configuration;

/** The Hadoop configuration keys of the capture InputFormat. */
public final class PcapInputConfig {
  /** Largest captured length accepted before allocating; larger is treated as corruption. */
  public static final String MAX_RECORD_BYTES = "packetlake.reader.max-record-bytes";

  /** Consecutive consistent record headers needed to prove a boundary inside a file. */
  public static final String SYNC_CHAIN_LENGTH = "packetlake.reader.sync-chain-length";

  /** Largest plausible timestamp jump between consecutive records of a proving chain. */
  public static final String MAX_TIMESTAMP_GAP_SECONDS =
      "packetlake.reader.max-timestamp-gap-seconds";

  /**
   * {@code skip} (default): a corrupt region becomes one CORRUPT_REGION record and reading resumes
   * at the next provable boundary. {@code fail}: the task fails naming the file and offset.
   */
  public static final String CORRUPT_REGIONS = "packetlake.reader.corrupt-regions";

  /**
   * Whether uncompressed captures are split (default true). Off, every file is read by one task;
   * the safe path for captures whose boundaries cannot be proven.
   */
  public static final String SPLIT = "packetlake.input.split";

  /**
   * Comma-separated fully qualified paths of files to read unsplit whatever {@link #SPLIT} says:
   * files whose split boundaries turned out inconsistent ({@link SplitBoundaryException}).
   */
  public static final String UNSPLIT_PATHS = "packetlake.input.unsplit-paths";

  private PcapInputConfig() {}

  /** Whether a file may be split under this configuration (compression aside). */
  public static boolean splittingAllowed(Configuration conf, String path) {
    if (!conf.getBoolean(SPLIT, true)) {
      return false;
    }
    for (String unsplit : conf.getTrimmedStringCollection(UNSPLIT_PATHS)) {
      if (unsplit.equals(path)) {
        return false;
      }
    }
    return true;
  }

  public static FramingOptions framingOptions(Configuration conf) {
    FramingOptions defaults = FramingOptions.defaults();
    String corrupt = conf.getTrimmed(CORRUPT_REGIONS, "skip");
    if (!corrupt.equals("skip") && !corrupt.equals("fail")) {
      throw new IllegalArgumentException(
          String.format("Invalid %s: '%s' (expected skip or fail)", CORRUPT_REGIONS, corrupt));
    }
    return new FramingOptions(
        conf.getInt(MAX_RECORD_BYTES, defaults.maxRecordBytes()),
        conf.getInt(SYNC_CHAIN_LENGTH, defaults.syncChainLength()),
        conf.getLong(MAX_TIMESTAMP_GAP_SECONDS, defaults.maxTimestampGapSeconds()),
        corrupt.equals("skip"));
  }
}
