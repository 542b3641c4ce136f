package io.packetlake.pcap.decode;

/**
 * Decodes the link, network and transport headers of one captured packet.
 *
 * <p>The decoder sees only the captured bytes, the link type and the original length; framing
 * (pcap, pcapng) is not its concern. It never throws: every read is checked against the captured
 * bytes, and a truncated or inconsistent header ends decoding of that layer with a {@link
 * DecodeStatus} while the fields decoded so far are kept. Lengths read from a packet only bound
 * other lengths, they never index past the captured bytes.
 *
 * <p>Instances hold no state and may be shared between threads.
 */
public final class PacketDecoder {
  private static final byte[] EMPTY = new byte[0];

  /**
   * Decodes one packet.
   *
   * @param linkType the LINKTYPE_* of the capture interface (see {@link LinkTypes})
   * @param data the captured bytes; null is taken as no bytes
   * @param originalLength the length of the packet on the wire; used to bound IP and transport
   *     lengths when the capture was cut by a snap length
   */
  public PacketHeaders decode(int linkType, byte[] data, int originalLength) {
    HeaderBuilder headers =
        new HeaderBuilder(linkType, data == null ? EMPTY : data, originalLength);
    switch (linkType) {
      case LinkTypes.ETHERNET -> EthernetDecoder.decode(headers, 0);
      case LinkTypes.LINUX_SLL -> LinuxCookedDecoder.decodeVersion1(headers, 0);
      case LinkTypes.LINUX_SLL2 -> LinuxCookedDecoder.decodeVersion2(headers, 0);
      case LinkTypes.RAW, LinkTypes.RAW_DLT_12, LinkTypes.RAW_DLT_14 ->
          IpDecoder.decode(headers, 0, 0);
      case LinkTypes.IPV4 -> IpDecoder.decode(headers, 0, 4);
      case LinkTypes.IPV6 -> IpDecoder.decode(headers, 0, 6);
      case LinkTypes.NULL -> LoopbackDecoder.decodeHostOrder(headers, 0);
      case LinkTypes.LOOP -> LoopbackDecoder.decodeNetworkOrder(headers, 0);
      case LinkTypes.PPP, LinkTypes.PPP_HDLC -> PppDecoder.decode(headers, 0);
      case LinkTypes.C_HDLC -> CiscoHdlcDecoder.decode(headers, 0);
      default -> headers.unsupportedLinkType();
    }
    return headers.build();
  }
}
