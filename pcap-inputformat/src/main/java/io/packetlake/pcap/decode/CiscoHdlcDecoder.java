package io.packetlake.pcap.decode;

/**
 * Cisco HDLC (LINKTYPE_C_HDLC in tcpdump's link-layer header types list).
 *
 * <pre>
 *  0         1         2                4
 *  +---------+---------+----------------+---------
 *  | address | control | protocol       | payload
 *  +---------+---------+----------------+---------
 *   0x0f unicast, 0x8f broadcast; control 0x00; protocol is an EtherType
 * </pre>
 *
 * SLARP (0x8035) and CDP (0x2000) keepalives are not IP.
 */
final class CiscoHdlcDecoder {
  private static final int HEADER_LENGTH = 4;

  private CiscoHdlcDecoder() {}

  static void decode(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < HEADER_LENGTH) {
      headers.truncated();
      return;
    }
    int protocol = Bytes.uint16(data, offset + 2);
    if (protocol < EtherTypes.MINIMUM) {
      headers.notIp();
      return;
    }
    headers.etherType = protocol;
    EtherTypes.decode(headers, protocol, offset + HEADER_LENGTH);
  }
}
