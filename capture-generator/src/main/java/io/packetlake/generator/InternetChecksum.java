package io.packetlake.generator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum of RFC 1071: the one's complement of the one's complement sum of 16-bit
 * big-endian words. Sums are kept unfolded in a {@code long} so that pseudo-header, header and
 * payload can be added up separately and folded once.
 *
 * <p>Words are read four bytes at a time: the one's complement sum of 32-bit words folded to 16
 * bits equals the sum of the 16-bit words (2^16 is 1 modulo 2^16 - 1).
 */
final class InternetChecksum {
  private static final VarHandle INT_BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private InternetChecksum() {}

  /** Adds {@code length} bytes starting at {@code offset}, as 16-bit words, to nothing. */
  static long sum(byte[] bytes, int offset, int length) {
    long sum = 0;
    int index = offset;
    int end = offset + length;
    for (; index + 4 <= end; index += 4) {
      sum += (int) INT_BIG_ENDIAN.get(bytes, index) & 0xFFFF_FFFFL;
    }
    if (index + 2 <= end) {
      sum += ((bytes[index] & 0xFF) << 8) | (bytes[index + 1] & 0xFF);
      index += 2;
    }
    if (index < end) {
      // An odd trailing byte is padded with a zero byte on the right.
      sum += (bytes[index] & 0xFF) << 8;
    }
    return sum;
  }

  /** Folds a sum to 16 bits and complements it: the value to store in a checksum field. */
  static int finish(long sum) {
    long folded = sum;
    while ((folded >>> 16) != 0) {
      folded = (folded & 0xFFFF) + (folded >>> 16);
    }
    return (int) (~folded & 0xFFFF);
  }
}
