package io.packetlake.pcap.app.dns;

/**
 * Well-formed UTF-8 (RFC 3629) in bytes that may hold anything: the shortest form of a scalar
 * value, no surrogates, nothing above U+10FFFF, and no C1 control (U+0080 to U+009F), which a name
 * shown as text must not carry raw.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The length of the well-formed sequence of a printable character at {@code data[index]} that
   * ends before {@code end}, or 0 when there is none there.
   */
  static int sequenceLength(byte[] data, int index, int end) {
    int first = data[index] & 0xFF;
    int length;
    int minimum;
    if (first >= 0xC2 && first <= 0xDF) {
      length = 2;
      minimum = 0x80;
    } else if (first >= 0xE0 && first <= 0xEF) {
      length = 3;
      minimum = 0x800;
    } else if (first >= 0xF0 && first <= 0xF4) {
      length = 4;
      minimum = 0x10000;
    } else {
      return 0;
    }
    if (index + length > end) {
      return 0;
    }
    for (int next = index + 1; next < index + length; next++) {
      if ((data[next] & 0xC0) != 0x80) {
        return 0;
      }
    }
    int codePoint = codePoint(data, index, length);
    boolean surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
    boolean control = codePoint <= 0x9F;
    if (codePoint < minimum || codePoint > 0x10FFFF || surrogate || control) {
      return 0;
    }
    return length;
  }

  /** The code point of the sequence of {@code length} bytes at {@code data[index]}. */
  static int codePoint(byte[] data, int index, int length) {
    int codePoint = data[index] & (0xFF >>> (length + 1));
    for (int next = index + 1; next < index + length; next++) {
      codePoint = codePoint << 6 | (data[next] & 0x3F);
    }
    return codePoint;
  }
}
