package io.packetlake.pcap.decode;

import static io.packetlake.pcap.decode.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestAddresses {
  @ParameterizedTest
  @CsvSource({
    // RFC 5952 section 4.1: no leading zeros; 4.3: lowercase.
    "20010db8000000000000000000000001, 2001:db8::1",
    "20010DB8AAAABBBB0CCC0DDD0EEE0FFF, 2001:db8:aaaa:bbbb:ccc:ddd:eee:fff",
    // 4.2.1: shorten as much as possible.
    "20010db8000000000000000000020001, 2001:db8::2:1",
    // 4.2.2: a single zero group is not shortened.
    "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",
    // 4.2.3: the longest run; the first one when runs tie.
    "20010000000000010000000000000001, 2001:0:0:1::1",
    "20010db8000000000001000000000001, 2001:db8::1:0:0:1",
    // Runs at either end and everywhere.
    "00000000000000000000000000000000, ::",
    "00000000000000000000000000000001, ::1",
    "20010db8000000000000000000000000, 2001:db8::",
    "fe800000000000000000000000000000, fe80::",
    "ff020000000000000000000000010002, ff02::1:2",
    "00010000000000000000000000000000, 1::",
    "00000000000000000000000100000000, ::1:0:0",
    // Section 5: IPv4-mapped and IPv4-compatible addresses end in dotted decimal.
    "00000000000000000000ffffc0000201, ::ffff:192.0.2.1",
    "000000000000000000000000c0000201, ::192.0.2.1",
    "00000000000000000000ffff00000000, ::ffff:0.0.0.0",
    // Not IPv4-mapped: the ffff is not right after 80 zero bits.
    "0000000000000000ffff0000c0000201, ::ffff:0:c000:201",
    "7fffffffc3b2a1021305008000382949, 7fff:ffff:c3b2:a102:1305:80:38:2949",
  })
  void ipv6(String bytes, String expected) {
    assertThat(Addresses.formatIp(hex(bytes))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "c0000201, 192.0.2.1",
    "00000000, 0.0.0.0",
    "ffffffff, 255.255.255.255",
    "0a000001, 10.0.0.1",
  })
  void ipv4(String bytes, String expected) {
    assertThat(Addresses.formatIp(hex(bytes))).isEqualTo(expected);
  }

  @Test
  void appendsToAnExistingBuilder() {
    StringBuilder out = new StringBuilder("src=");

    Addresses.appendIp(out, hex("c0000201"));
    out.append(" mac=");
    Addresses.appendMac(out, 0xD4CA6D2E7F67L);

    assertThat(out).hasToString("src=192.0.2.1 mac=d4:ca:6d:2e:7f:67");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 00:00:00:00:00:00",
    "0xffffffffffff, ff:ff:ff:ff:ff:ff",
    "0x00005e005301, 00:00:5e:00:53:01",
    "0x333300000001, 33:33:00:00:00:01",
  })
  void mac(String value, String expected) {
    assertThat(Addresses.formatMac(Long.decode(value))).isEqualTo(expected);
  }

  @Test
  void rejectsOtherLengths() {
    assertThatThrownBy(() -> Addresses.formatIp(new byte[6]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot format IP address: length is 6, not 4 or 16");
    assertThatThrownBy(() -> Addresses.formatIp(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address is null");
  }
}
