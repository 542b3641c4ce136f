package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestDomainNames {
  @ParameterizedTest
  @CsvSource({
    "www.bbc.co.uk, bbc.co.uk",
    "bbc.co.uk, bbc.co.uk",
    "WWW.Example.COM, example.com",
    "a.b.c.example.com, example.com",
    "example.com., example.com",
    "api.foo.github.io, foo.github.io",
    // Reverse lookups: in-addr.arpa and ip6.arpa are public suffixes.
    "4.3.2.10.in-addr.arpa, 10.in-addr.arpa",
    "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa, 4.ip6.arpa",
    // IDN: the list matches punycode and Unicode spellings, the name keeps its own.
    "www.xn--bcher-kva.de, xn--bcher-kva.de",
    "shop.example.xn--p1ai, example.xn--p1ai",
    "www.bücher.de, bücher.de",
    // Service labels are left out: the domain depends only on the trailing labels.
    "_ldap._tcp.dc._msdcs.corp.example.com, example.com",
    "my\\ printer._ipp._tcp.example.org, example.org",
    "a_b.example.com, example.com"
  })
  void registeredDomain(String name, String expected) {
    assertThat(DomainNames.registeredDomain(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        ".",
        "com",
        "co.uk",
        "local",
        "printer.local",
        "_googlecast._tcp.local",
        "localhost",
        "wpad",
        "in-addr.arpa",
        "arpa",
        "_tcp.com",
        "a..example.com",
        ".example.com",
        "example.com\\",
        "1.2.3.4",
        "-bad-.example.com",
        "exa mple.com",
        "example.c_m"
      })
  void noRegisteredDomain(String name) {
    assertThat(DomainNames.registeredDomain(name)).isNull();
  }

  @Test
  void tooLongNamesHaveNeitherLabelsNorDomain() {
    String name = "a.".repeat(DomainNames.MAX_NAME_LENGTH / 2) + "example.com";
    assertThat(DomainNames.labels(name)).isEmpty();
    assertThat(DomainNames.registeredDomain(name)).isNull();
    // Valid labels but more than the 253 characters of a host name.
    assertThat(DomainNames.registeredDomain("a.".repeat(130) + "example.com")).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "www.example.com|[www, example, com]",
        "example.com.|[example, com]",
        "a\\.b.example|[a\\.b, example]",
        "x\\032y.local|[x\\032y, local]",
        "Host|[Host]",
        ".|[]",
        "a..b|[]",
        "a\\|[]"
      })
  void labels(String name, String expected) {
    assertThat(DomainNames.labels(name)).hasToString(expected);
  }
}
