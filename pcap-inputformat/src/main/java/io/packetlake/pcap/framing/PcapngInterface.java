package io.packetlake.pcap.framing;

/**
 * What an Interface Description Block says about the packets captured on one interface.
 *
 * @param linkType LINKTYPE_* of the interface's packets
 * @param snaplen largest captured length, 0 for no limit
 * @param timestampResolution the {@code if_tsresol} byte: bit 7 clear means units of 10^-n seconds,
 *     set means 2^-n seconds (default 6, microseconds)
 * @param timestampOffsetSeconds the {@code if_tsoffset} value added to every timestamp
 */
public record PcapngInterface(
    int linkType, long snaplen, int timestampResolution, long timestampOffsetSeconds) {

  public static final int DEFAULT_RESOLUTION = 6;

  private static final long[] POWERS_OF_TEN = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L,
    100_000_000_000L,
    1_000_000_000_000L,
    10_000_000_000_000L,
    100_000_000_000_000L,
    1_000_000_000_000_000L,
    10_000_000_000_000_000L,
    100_000_000_000_000_000L,
    1_000_000_000_000_000_000L
  };

  /**
   * Converts a 64-bit unsigned timestamp in this interface's units to nanoseconds since the epoch.
   *
   * @return the nanoseconds, or {@link PacketRecord#NO_TIMESTAMP} when the instant cannot be
   *     represented (beyond the years 1677 to 2262)
   */
  public long toNanos(long units) {
    long nanos;
    int exponent = timestampResolution & 0x7F;
    if ((timestampResolution & 0x80) == 0) {
      if (exponent <= 9) {
        long factor = POWERS_OF_TEN[9 - exponent];
        if (units < 0 || units > Long.MAX_VALUE / factor) {
          return PacketRecord.NO_TIMESTAMP;
        }
        nanos = units * factor;
      } else if (exponent - 9 < POWERS_OF_TEN.length) {
        nanos = Long.divideUnsigned(units, POWERS_OF_TEN[exponent - 9]);
      } else {
        nanos = 0;
      }
    } else {
      nanos = binaryFractionToNanos(units, exponent);
      if (nanos == OVERFLOW) {
        return PacketRecord.NO_TIMESTAMP;
      }
    }
    if (timestampOffsetSeconds != 0) {
      try {
        nanos =
            Math.addExact(
                nanos, Math.multiplyExact(timestampOffsetSeconds, EpochNanos.NANOS_PER_SECOND));
      } catch (ArithmeticException overflow) {
        return PacketRecord.NO_TIMESTAMP;
      }
    }
    return nanos == PacketRecord.NO_TIMESTAMP ? nanos + 1 : nanos;
  }

  private static final long OVERFLOW = -1;

  private static long binaryFractionToNanos(long units, int exponent) {
    if (exponent == 0) {
      return units < 0 || units > Long.MAX_VALUE / EpochNanos.NANOS_PER_SECOND
          ? OVERFLOW
          : units * EpochNanos.NANOS_PER_SECOND;
    }
    if (exponent >= 64) {
      return 0;
    }
    long seconds = units >>> exponent;
    long fraction = units & ((1L << exponent) - 1);
    // (fraction * 1e9) >> exponent over 128 bits.
    long high = Math.multiplyHigh(fraction, EpochNanos.NANOS_PER_SECOND);
    long low = fraction * EpochNanos.NANOS_PER_SECOND;
    long fractionNanos = (high << (64 - exponent)) | (low >>> exponent);
    if (seconds > (Long.MAX_VALUE - fractionNanos) / EpochNanos.NANOS_PER_SECOND) {
      return OVERFLOW;
    }
    return seconds * EpochNanos.NANOS_PER_SECOND + fractionNanos;
  }
}
