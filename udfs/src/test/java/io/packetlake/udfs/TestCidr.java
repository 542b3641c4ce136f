package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestCidr {
  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, 10.0.0.0/8, true",
    "11.0.0.0, 10.0.0.0/8, false",
    "10.255.255.255, 10.0.0.0/8, true",
    "172.31.255.255, 172.16.0.0/12, true",
    "172.32.0.0, 172.16.0.0/12, false",
    "192.168.1.1, 192.168.1.1/32, true",
    "192.168.1.2, 192.168.1.1/32, false",
    "8.8.8.8, 0.0.0.0/0, true",
    "10.1.2.3, 10.1.2.200/24, true",
    "192.0.2.130, 192.0.2.128/25, true",
    "192.0.2.127, 192.0.2.128/25, false",
    "2001:db8::1, 2001:db8::/32, true",
    "2001:db9::1, 2001:db8::/32, false",
    "fe80::abcd, fe80::/10, true",
    "febf::1, fe80::/10, true",
    "fec0::1, fe80::/10, false",
    "::1, ::/0, true",
    "::1, ::1/128, true",
    "10.0.0.1, ::/0, false",
    "::ffff:10.0.0.1, 10.0.0.0/8, false",
    "2001:db8::1, 0.0.0.0/0, false"
  })
  void membership(String address, String prefix, boolean expected) {
    assertThat(Cidr.contains(address, prefix)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/8/8",
        "10.0.0/8",
        "::/129",
        "::/1000",
        "/8",
        "10.0.0.0/ 8",
        "10.0.0.0/8 ",
        ""
      })
  void invalidPrefixIsNull(String prefix) {
    assertThat(Cidr.parse(prefix)).isNull();
    assertThat(Cidr.contains("10.0.0.1", prefix)).isNull();
  }

  @Test
  void invalidAddressOrNullIsNull() {
    assertThat(Cidr.contains("10.0.0.300", "10.0.0.0/8")).isNull();
    assertThat(Cidr.contains(null, "10.0.0.0/8")).isNull();
    assertThat(Cidr.contains("10.0.0.1", null)).isNull();
    assertThat(Cidr.parse("10.0.0.0/08").prefixLength()).isEqualTo(8);
  }
}
