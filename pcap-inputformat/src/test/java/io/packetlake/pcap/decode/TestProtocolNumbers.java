package io.packetlake.pcap.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestProtocolNumbers {
  @Test
  void protocolNames() {
    assertThat(IpProtocols.name(IpProtocols.TCP)).isEqualTo("tcp");
    assertThat(IpProtocols.name(IpProtocols.ICMPV6)).isEqualTo("icmpv6");
    assertThat(IpProtocols.name(IpProtocols.SCTP)).isEqualTo("sctp");
    assertThat(IpProtocols.name(253)).isEqualTo("253");
    assertThat(IpProtocols.hasPorts(IpProtocols.UDP)).isTrue();
    assertThat(IpProtocols.hasPorts(IpProtocols.SCTP)).isFalse();
    assertThat(IpProtocols.isIcmp(IpProtocols.ICMP)).isTrue();
    assertThat(IpProtocols.isIcmp(IpProtocols.IGMP)).isFalse();
  }

  @Test
  void flagLettersFollowTheBits() {
    assertThat(TcpFlags.letters(TcpFlags.SYN | TcpFlags.ACK)).isEqualTo("SA");
    assertThat(TcpFlags.letters(TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK)).isEqualTo("FPA");
    assertThat(TcpFlags.letters(TcpFlags.CWR | TcpFlags.NS | TcpFlags.RESERVED)).isEqualTo("WN");
    assertThat(TcpFlags.letters(0)).isEmpty();
    assertThat(TcpFlags.countNamed(TcpFlags.ALL)).isEqualTo(9);
    assertThat(TcpFlags.isSet(TcpFlags.SYN | TcpFlags.ACK, TcpFlags.SYN)).isTrue();
    assertThat(TcpFlags.isSet(TcpFlags.ACK, TcpFlags.SYN | TcpFlags.ACK)).isFalse();
    assertThatThrownBy(() -> TcpFlags.letters(0x1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot name TCP flags 0x1000: not a 12-bit value");
  }
}
