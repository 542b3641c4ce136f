package io.packetlake.pcap.decode;

/**
 * Bits of {@link PacketHeaders#tcpFlags()} and of the {@code tcp_flags} column: the low 12 bits of
 * TCP header bytes 12 and 13 (RFC 9293 section 3.1, RFC 3168 for CWR and ECE, RFC 3540 for NS),
 * laid out as tshark's {@code tcp.flags} shows them. The one definition of these bits in the
 * project.
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

  /** Every bit the field can hold. */
  public static final int ALL = 0xFFF;

  /** The nine named flags, from the lowest bit: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, NS. */
  public static final int NAMED = 0x1FF;

  /** One letter per named flag, from the lowest bit: W is CWR, N is NS. */
  private static final String LETTERS = "FSRPAUEWN";

  private TcpFlags() {}

  /** Whether every bit of {@code flag} is set in {@code flags}. */
  public static boolean isSet(int flags, int flag) {
    return (flags & flag) == flag;
  }

  /** How many of the nine named flags are set. */
  public static int countNamed(int flags) {
    return Integer.bitCount(flags & NAMED);
  }

  /**
   * The letters of the named flags set, from the lowest bit ({@code SA} for a SYN-ACK): the same
   * bits always give the same text, so it groups well; the reserved bits have no letter.
   *
   * @throws IllegalArgumentException when {@code flags} has bits outside {@link #ALL}
   */
  public static String letters(int flags) {
    if ((flags & ~ALL) != 0) {
      throw new IllegalArgumentException(
          "Cannot name TCP flags 0x%x: not a 12-bit value".formatted(flags));
    }
    StringBuilder text = new StringBuilder(LETTERS.length());
    for (int bit = 0; bit < LETTERS.length(); bit++) {
      if ((flags & (1 << bit)) != 0) {
        text.append(LETTERS.charAt(bit));
      }
    }
    return text.toString();
  }
}
