package io.packetlake.pcap.decode;

/**
 * Bits of {@link PacketHeaders#tcpFlags()}: the low 12 bits of TCP header bytes 12 and 13 (RFC 9293
 * section 3.1, RFC 3168 for CWR and ECE, RFC 3540 for NS), laid out as tshark's {@code tcp.flags}
 * shows them.
 */
public final class TcpFlags {
  public static final int FIN = 0x001;
  public static final int SYN = 0x002;
  public static final int RST = 0x004;
  public static final int PSH = 0x008;
  public static final int ACK = 0x010;
  public static final int URG = 0x020;
  public static final int ECE = 0x040;
  public static final int CWR = 0x080;

  /** Nonce sum (RFC 3540, historic); AccECN reuses the bit as AE. */
  public static final int NS = 0x100;

  /** The three bits between the data offset and NS, reserved by RFC 9293. */
  public static final int RESERVED = 0xE00;

  private TcpFlags() {}
}
