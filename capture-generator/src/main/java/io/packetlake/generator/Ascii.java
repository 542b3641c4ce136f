package io.packetlake.generator;

/** Writes ASCII text into byte arrays without building strings. */
final class Ascii {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Ascii() {}

  /** Writes {@code text} (ASCII only) at {@code at} and returns the offset after it. */
  static int write(String text, byte[] target, int at) {
    int length = text.length();
    for (int index = 0; index < length; index++) {
      target[at + index] = (byte) text.charAt(index);
    }
    return at + length;
  }

  /**
   * Writes the decimal digits of a non-negative {@code value} and returns the offset after them.
   */
  static int writeDecimal(long value, byte[] target, int at) {
    int digits = decimalLength(value);
    long remaining = value;
    for (int index = at + digits - 1; index >= at; index--) {
      target[index] = (byte) ('0' + remaining % 10);
      remaining /= 10;
    }
    return at + digits;
  }

  static int decimalLength(long value) {
    int digits = 1;
    for (long remaining = value / 10; remaining > 0; remaining /= 10) {
      digits++;
    }
    return digits;
  }

  /**
   * Writes the low {@code digits} hex digits of {@code value} and returns the offset after them.
   */
  static int writeHex(long value, int digits, byte[] target, int at) {
    for (int index = 0; index < digits; index++) {
      target[at + index] = HEX[(int) (value >>> (4 * (digits - 1 - index))) & 0xF];
    }
    return at + digits;
  }
}
