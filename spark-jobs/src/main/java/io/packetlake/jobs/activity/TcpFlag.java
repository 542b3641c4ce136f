package io.packetlake.jobs.activity;

import io.packetlake.pcap.decode.TcpFlags;
import java.util.Locale;

/**
 * The TCP flags {@code ip_activity} counts peers and packets for, in the order of their columns,
 * each with its bit in {@code tcp_flags}.
 */
public enum TcpFlag {
  SYN(TcpFlags.SYN),
  FIN(TcpFlags.FIN),
  ACK(TcpFlags.ACK),
  RST(TcpFlags.RST),
  PSH(TcpFlags.PSH),
  URG(TcpFlags.URG);

  private final int bit;

  TcpFlag(int bit) {
    this.bit = bit;
  }

  /** The flag's bit in the {@code tcp_flags} column ({@link TcpFlags}). */
  public int bit() {
    return bit;
  }

  /** Column prefix, e.g. {@code syn} for {@code syn_peers}. */
  public String prefix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The column of the flag's packet count, e.g. {@code syn_packets}. */
  public String packetsColumn() {
    return prefix() + "_packets";
  }
}
