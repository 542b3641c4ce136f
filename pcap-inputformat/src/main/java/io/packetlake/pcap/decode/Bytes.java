package io.packetlake.pcap.decode;

/**
 * Big-endian reads from a packet. Callers check bounds before reading; these methods do not, so
 * that the check is made once per header rather than once per field.
 */
final class Bytes {
  private Bytes() {}

  static int uint8(byte[] data, int index) {
    return data[index] & 0xFF;
  }

  static int uint16(byte[] data, int index) {
    return ((data[index] & 0xFF) << 8) | (data[index + 1] & 0xFF);
  }

  static long uint32(byte[] data, int index) {
    return ((long) (data[index] & 0xFF) << 24)
        | ((data[index + 1] & 0xFF) << 16)
        | ((data[index + 2] & 0xFF) << 8)
        | (data[index + 3] & 0xFF);
  }

  static long uint32LittleEndian(byte[] data, int index) {
    return ((long) (data[index + 3] & 0xFF) << 24)
        | ((data[index + 2] & 0xFF) << 16)
        | ((data[index + 1] & 0xFF) << 8)
        | (data[index] & 0xFF);
  }

  static long uint48(byte[] data, int index) {
    return ((long) uint16(data, index) << 32) | uint32(data, index + 2);
  }
}
