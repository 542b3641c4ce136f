package io.packetlake.pcap.decode;

/**
 * Linux "cooked" captures (LINKTYPE_LINUX_SLL and LINKTYPE_LINUX_SLL2 in tcpdump's link-layer
 * header types list), written for the "any" device and devices without a usable link header.
 *
 * <pre>
 *  LINUX_SLL, 16 bytes:
 *  0             2             4              6                         14         16
 *  +-------------+-------------+--------------+-------------------------+----------+
 *  | packet type | ARPHRD type | address len. | link-layer address (8)  | protocol |
 *  +-------------+-------------+--------------+-------------------------+----------+
 *
 *  LINUX_SLL2, 20 bytes:
 *  0          2          4                 8             10            11          12        20
 *  +----------+----------+-----------------+-------------+-------------+-----------+---------+
 *  | protocol | reserved | interface index | ARPHRD type | packet type | addr. len.| address |
 *  +----------+----------+-----------------+-------------+-------------+-----------+---------+
 * </pre>
 *
 * The protocol field is an EtherType, except for values below 0x0600, which are Linux-specific
 * (802.3 without LLC, 802.2 LLC, CAN, ...), and for netlink devices, where it is a netlink family.
 * For ARPHRD_IPGRE devices it is the GRE protocol type, which takes EtherType values.
 */
final class LinuxCookedDecoder {
  private static final int ARPHRD_ETHER = 1;
  private static final int ARPHRD_NETLINK = 824;
  private static final int VERSION_1_LENGTH = 16;
  private static final int VERSION_2_LENGTH = 20;

  private LinuxCookedDecoder() {}

  static void decodeVersion1(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < VERSION_1_LENGTH) {
      headers.truncated();
      return;
    }
    int hardwareType = Bytes.uint16(data, offset + 2);
    int addressLength = Bytes.uint16(data, offset + 4);
    if (hardwareType == ARPHRD_ETHER && addressLength == 6) {
      headers.ethernetSource = Bytes.uint48(data, offset + 6);
    }
    int protocol = Bytes.uint16(data, offset + 14);
    decodeProtocol(headers, hardwareType, protocol, offset + VERSION_1_LENGTH);
  }

  static void decodeVersion2(PacketHeaders headers, int offset) {
    byte[] data = headers.data;
    if (headers.end - offset < VERSION_2_LENGTH) {
      headers.truncated();
      return;
    }
    int protocol = Bytes.uint16(data, offset);
    int hardwareType = Bytes.uint16(data, offset + 8);
    int addressLength = Bytes.uint8(data, offset + 11);
    if (hardwareType == ARPHRD_ETHER && addressLength == 6) {
      headers.ethernetSource = Bytes.uint48(data, offset + 12);
    }
    decodeProtocol(headers, hardwareType, protocol, offset + VERSION_2_LENGTH);
  }

  private static void decodeProtocol(
      PacketHeaders headers, int hardwareType, int protocol, int payloadOffset) {
    if (hardwareType == ARPHRD_NETLINK || protocol < EtherTypes.MINIMUM) {
      headers.notIp();
      return;
    }
    headers.etherType = protocol;
    EtherTypes.decode(headers, protocol, payloadOffset);
  }
}
