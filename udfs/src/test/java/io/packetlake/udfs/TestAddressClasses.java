package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestAddressClasses {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, unspecified",
    "0.1.2.3, reserved",
    "10.20.30.40, private",
    "172.16.0.1, private",
    "172.31.255.254, private",
    "172.32.0.1, public",
    "192.168.255.255, private",
    "100.64.0.1, shared",
    "100.127.255.255, shared",
    "100.128.0.0, public",
    "127.0.0.1, loopback",
    "127.255.255.254, loopback",
    "169.254.10.20, link-local",
    "192.0.0.9, reserved",
    "192.0.2.55, documentation",
    "198.51.100.1, documentation",
    "203.0.113.200, documentation",
    "198.18.0.1, reserved",
    "198.19.255.255, reserved",
    "192.88.99.1, reserved",
    "224.0.0.251, multicast",
    "239.255.255.250, multicast",
    "240.0.0.1, reserved",
    "255.255.255.255, broadcast",
    "8.8.8.8, public",
    "93.184.216.34, public",
    "::, unspecified",
    "::1, loopback",
    "::ffff:10.0.0.1, private",
    "::ffff:8.8.8.8, public",
    "64:ff9b::8.8.8.8, public",
    "64:ff9b::192.168.1.1, private",
    "100::1, reserved",
    "2001:db8::1, documentation",
    "2001::1, reserved",
    "2001:1ff::1, reserved",
    "2001:200::1, public",
    "3fff::1, documentation",
    "3fff:1000::1, public",
    "5f00::1, reserved",
    "2606:4700::1111, public",
    "2002:c000:0204::1, public",
    "fc00::1, private",
    "fd12:3456::1, private",
    "fe80::1, link-local",
    "febf::1, link-local",
    "ff02::1, multicast",
    "ff05::1:3, multicast",
    "4000::1, reserved",
    "::2, reserved"
  })
  void classes(String address, String expected) {
    assertThat(AddressClasses.classify(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0", "not an address", "fe80::1%1"})
  void invalidIsNull(String address) {
    assertThat(AddressClasses.classify(address)).isNull();
  }
}
