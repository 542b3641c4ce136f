package io.packetlake.pcap.decode;

/**
 * EtherType values (IEEE 802 numbers registry) and the walk from an EtherType to the network layer,
 * shared by every link layer that carries one.
 *
 * <pre>
 *  IEEE 802.1Q / 802.1ad tag, repeated for stacked tags:
 *  0               2               4
 *  +---------------+---------------+
 *  | PCP|DEI| VID  | next type     |
 *  +---------------+---------------+
 *    3   1    12 bits
 * </pre>
 */
final class EtherTypes {
  /** Values below this in an Ethernet type field are IEEE 802.3 lengths, not EtherTypes. */
  static final int MINIMUM = 0x0600;

  static final int IPV4 = 0x0800;
  static final int IPV6 = 0x86DD;
  static final int VLAN = 0x8100;
  static final int PROVIDER_BRIDGING = 0x88A8;
  static final int QINQ_LEGACY = 0x9100;
  static final int MPLS_UNICAST = 0x8847;
  static final int MPLS_MULTICAST = 0x8848;
  static final int PPPOE_SESSION = 0x8864;

  /** More stacked tags than this is not a real frame. */
  static final int MAX_VLAN_TAGS = 8;

  private EtherTypes() {}

  /**
   * Walks any VLAN tags starting at {@code offset}, where the header before them announced {@code
   * type}, records {@code payloadEtherType} and decodes what follows.
   */
  static void decode(PacketHeaders headers, int type, int offset) {
    byte[] data = headers.data;
    int current = type;
    int position = offset;
    while (current == VLAN || current == PROVIDER_BRIDGING || current == QINQ_LEGACY) {
      if (headers.vlanCount == MAX_VLAN_TAGS) {
        headers.malformedLink();
        return;
      }
      if (headers.end - position < 4) {
        headers.truncated();
        return;
      }
      if (headers.vlanCount == 0) {
        headers.vlanId = Bytes.uint16(data, position) & 0x0FFF;
      }
      headers.vlanCount++;
      current = Bytes.uint16(data, position + 2);
      position += 4;
    }
    if (current < MINIMUM) {
      // An IEEE 802.3 length inside the tags: LLC follows.
      headers.notIp();
      return;
    }
    headers.payloadEtherType = current;
    switch (current) {
      case IPV4 -> IpDecoder.decode(headers, position, 4);
      case IPV6 -> IpDecoder.decode(headers, position, 6);
      case MPLS_UNICAST, MPLS_MULTICAST -> MplsDecoder.decode(headers, position);
      case PPPOE_SESSION -> PppDecoder.decodePppoeSession(headers, position);
      default -> headers.notIp();
    }
  }
}
