package io.packetlake.jobs.activity;

import java.util.Locale;

/** The TCP flag kinds {@code ip_activity} counts peers and packets for, with tshark's bits. */
public enum TcpFlag {
  SYN(0x02),
  FIN(0x01),
  ACK(0x10),
  RST(0x04),
  PSH(0x08),
  URG(0x20);

  private final int bit;

  TcpFlag(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  /** Column prefix, e.g. {@code syn} for {@code syn_peers}. */
  public String prefix() {
    return name().toLowerCase(Locale.ROOT);
  }
}
