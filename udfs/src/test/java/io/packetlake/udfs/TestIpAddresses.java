package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestIpAddresses {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0",
    "192.168.0.1, 3232235521",
    "10.0.0.1, 167772161",
    "255.255.255.255, 4294967295",
    "1.2.3.4, 16909060"
  })
  void ipv4RoundTripsThroughItsNumber(String text, long number) {
    assertThat(IpAddresses.ipv4ToNumber(text)).isEqualTo(number);
    assertThat(IpAddresses.numberToIpv4(number)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 4294967296L, Long.MAX_VALUE, Long.MIN_VALUE})
  void numbersOutsideIpv4AreNull(long number) {
    assertThat(IpAddresses.numberToIpv4(number)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "::, ::",
    "::1, ::1",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8::0:1, 2001:db8::1",
    "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "fe80::1:2:3:4, fe80::1:2:3:4",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:0:2:2:0:0:3, 1::2:2:0:0:3",
    "1::, 1::",
    "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    "::ffff:c000:0201, ::ffff:192.0.2.1",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "ff02::fb, ff02::fb",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
  })
  void ipv6IsFormattedPerRfc5952(String text, String expected) {
    assertThat(IpAddresses.normalize(text)).isEqualTo(expected);
    assertThat(IpAddresses.parse(text)).hasSize(16);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.4 ",
        "1..2.3",
        "1.2.3.-4",
        "a.b.c.d",
        "1.2.3.4/32",
        ":",
        ":::",
        "1:2",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        ":1::",
        "1::2:",
        "g::1",
        "fe80::1%eth0",
        "[::1]",
        "::ffff:1.2.3",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "２００１::1",
        "localhost",
        "example.com"
      })
  void invalidTextIsNull(String text) {
    assertThat(IpAddresses.parse(text)).isNull();
    assertThat(IpAddresses.ipv4ToNumber(text)).isNull();
    assertThat(IpAddresses.normalize(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "2001:db8::1", "fe80::1"})
  void ipv6HasNoIpv4Number(String text) {
    assertThat(IpAddresses.ipv4ToNumber(text)).isNull();
  }

  @Test
  void bytesAreNetworkOrder() {
    assertThat(IpAddresses.parse("192.168.0.1"))
        .containsExactly((byte) 192, (byte) 168, (byte) 0, (byte) 1);
    assertThat(IpAddresses.format(new byte[] {10, 0, 0, 1})).isEqualTo("10.0.0.1");
    assertThat(IpAddresses.format(new byte[5])).isNull();
    assertThat(IpAddresses.format(null)).isNull();
    assertThat(IpAddresses.parse(null)).isNull();
  }
}
