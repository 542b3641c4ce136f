package io.packetlake.generator;

import java.util.SplittableRandom;

/**
 * Payload bytes drawn from two seeded pools, one of random bytes (encrypted or compressed content)
 * and one of base64 characters (tokens, cookies, TXT strings). A stream that reads consecutive
 * positions sees one endless sequence, so a retransmitted range comes out byte-identical. Copying
 * from a pool costs an {@code arraycopy} instead of a random number per byte.
 */
final class PayloadPool {
  static final int SIZE = 1 << 20;

  /** The longest single copy; pools repeat their head this far past {@link #SIZE}. */
  static final int MAXIMUM_COPY = 1 << 16;

  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final byte[] binary = new byte[SIZE + MAXIMUM_COPY];
  private final byte[] text = new byte[SIZE + MAXIMUM_COPY];

  PayloadPool(SplittableRandom random) {
    for (int index = 0; index < SIZE; index += 8) {
      long value = random.nextLong();
      for (int shift = 0; shift < 64; shift += 8) {
        binary[index + shift / 8] = (byte) (value >>> shift);
      }
    }
    for (int index = 0; index < SIZE; index++) {
      text[index] = BASE64[binary[index] & 0x3F];
    }
    System.arraycopy(binary, 0, binary, SIZE, MAXIMUM_COPY);
    System.arraycopy(text, 0, text, SIZE, MAXIMUM_COPY);
  }

  /** Copies {@code length} random bytes starting at stream position {@code position}. */
  void copyBinary(long position, byte[] target, int at, int length) {
    copy(binary, position, target, at, length);
  }

  /** Copies {@code length} base64 characters starting at stream position {@code position}. */
  void copyText(long position, byte[] target, int at, int length) {
    copy(text, position, target, at, length);
  }

  private static void copy(byte[] pool, long position, byte[] target, int at, int length) {
    if (length > MAXIMUM_COPY) {
      throw new IllegalArgumentException(
          "Cannot copy payload: " + length + " bytes exceed " + MAXIMUM_COPY);
    }
    System.arraycopy(pool, Math.floorMod(position, SIZE), target, at, length);
  }
}
