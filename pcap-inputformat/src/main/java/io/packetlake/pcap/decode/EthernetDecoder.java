package io.packetlake.pcap.decode;

/**
 * Ethernet II and IEEE 802.3 frames (IEEE 802.3 clause 3), captured without preamble and usually
 * without the frame check sequence.
 *
 * <pre>
 *  0                 6                 12       14
 *  +-----------------+-----------------+--------+----------------------------------
 *  | destination MAC | source MAC      | type   | VLAN tags ..., payload
 *  +-----------------+-----------------+--------+----------------------------------
 *  type >= 0x0600: an EtherType (0x8100, 0x88a8, 0x9100 start an IEEE 802.1Q tag stack)
 *  type &lt; 0x0600:  an IEEE 802.3 length; an IEEE 802.2 LLC header follows (not IP)
 * </pre>
 */
final class EthernetDecoder {
  private static final int HEADER_LENGTH = 14;

  private EthernetDecoder() {}

  static void decode(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < HEADER_LENGTH) {
      // As in tshark, a frame shorter than the Ethernet header yields no Ethernet fields.
      headers.truncated();
      return;
    }
    headers.ethernetDestination = Bytes.uint48(data, offset);
    headers.ethernetSource = Bytes.uint48(data, offset + 6);
    int type = Bytes.uint16(data, offset + 12);
    if (type < EtherTypes.MINIMUM) {
      headers.notIp();
      return;
    }
    headers.etherType = type;
    EtherTypes.decode(headers, type, offset + HEADER_LENGTH);
  }
}
