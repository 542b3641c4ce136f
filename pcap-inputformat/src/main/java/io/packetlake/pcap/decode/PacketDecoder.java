package io.packetlake.pcap.decode;

import java.util.Objects;

/**
 * Decodes the link, network and transport headers of one captured packet.
 *
 * <p>The decoder sees only the captured bytes, the link type and the original length; framing
 * (pcap, pcapng) is not its concern. It never throws: every read is checked against the captured
 * bytes, and a truncated or inconsistent header ends decoding of that layer with a {@link
 * DecodeStatus} while the fields decoded so far are kept. Lengths read from a packet only bound
 * other lengths, they never index past the captured bytes.
 *
 * <p>Instances hold no state and may be shared between threads. Hot loops use {@link
 * #decode(PacketHeaders, int, byte[], int, int, int)}, which fills a reusable holder and allocates
 * nothing; {@link #decode(int, byte[], int)} returns a holder of its own.
 */
public final class PacketDecoder {
  private static final byte[] EMPTY = new byte[0];

  /**
   * Decodes one packet into a new holder that keeps a copy of the few bytes it reads later (the
   * addresses), so that it stays valid whatever becomes of {@code data}.
   *
   * @param linkType the LINKTYPE_* of the capture interface (see {@link LinkTypes})
   * @param data the captured bytes; null is taken as no bytes
   * @param originalLength the length of the packet on the wire; used to bound IP and transport
   *     lengths when the capture was cut by a snap length
   */
  public PacketHeaders decode(int linkType, byte[] data, int originalLength) {
    PacketHeaders headers = new PacketHeaders();
    byte[] bytes = data == null ? EMPTY : data;
    decode(headers, linkType, bytes, 0, bytes.length, originalLength);
    headers.detach();
    return headers;
  }

  /**
   * Decodes the packet {@code data[offset, offset + length)} into {@code headers}, replacing what
   * it held. Nothing is allocated or copied; {@code headers} refers to {@code data} until its next
   * use.
   *
   * @param headers the holder to fill
   * @param linkType the LINKTYPE_* of the capture interface (see {@link LinkTypes})
   * @param data the array holding the captured bytes
   * @param offset index of the packet's first byte in {@code data}
   * @param length the captured length
   * @param originalLength the length of the packet on the wire
   * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not within {@code
   *     data}
   */
  public void decode(
      PacketHeaders headers,
      int linkType,
      byte[] data,
      int offset,
      int length,
      int originalLength) {
    Objects.checkFromIndexSize(offset, length, data.length);
    headers.reset(linkType, data, offset, length, originalLength);
    int start = offset;
    switch (linkType) {
      case LinkTypes.ETHERNET -> EthernetDecoder.decode(headers, start);
      case LinkTypes.LINUX_SLL -> LinuxCookedDecoder.decodeVersion1(headers, start);
      case LinkTypes.LINUX_SLL2 -> LinuxCookedDecoder.decodeVersion2(headers, start);
      case LinkTypes.RAW, LinkTypes.RAW_DLT_12, LinkTypes.RAW_DLT_14 ->
          IpDecoder.decode(headers, start, 0);
      case LinkTypes.IPV4 -> IpDecoder.decode(headers, start, 4);
      case LinkTypes.IPV6 -> IpDecoder.decode(headers, start, 6);
      case LinkTypes.NULL -> LoopbackDecoder.decodeHostOrder(headers, start);
      case LinkTypes.LOOP -> LoopbackDecoder.decodeNetworkOrder(headers, start);
      case LinkTypes.PPP, LinkTypes.PPP_HDLC -> PppDecoder.decode(headers, start);
      case LinkTypes.C_HDLC -> CiscoHdlcDecoder.decode(headers, start);
      default -> headers.unsupportedLinkType();
    }
  }
}
