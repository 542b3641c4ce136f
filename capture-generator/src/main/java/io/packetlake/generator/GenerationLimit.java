package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

/**
 * When generation stops: after a number of packets, or before the output would exceed a number of
 * bytes (file header and record headers included, so the file ends at most that large, unless the
 * limit is smaller than the file header itself).
 *
 * @param unit what {@code amount} counts
 * @param amount how many packets or bytes, positive
 */
public record GenerationLimit(Unit unit, long amount) {
  /** What a limit counts. */
  public enum Unit {
    PACKETS,
    BYTES
  }

  public GenerationLimit {
    requireNonNull(unit, "unit is null");
    if (amount <= 0) {
      throw new IllegalArgumentException(
          "Cannot limit generation: " + unit.name().toLowerCase() + " must be positive: " + amount);
    }
  }

  public static GenerationLimit packets(long count) {
    return new GenerationLimit(Unit.PACKETS, count);
  }

  public static GenerationLimit bytes(long count) {
    return new GenerationLimit(Unit.BYTES, count);
  }

  @Override
  public String toString() {
    return amount + (unit == Unit.PACKETS ? " packets" : " bytes");
  }
}
