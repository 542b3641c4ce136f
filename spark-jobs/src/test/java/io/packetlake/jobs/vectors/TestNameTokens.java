package io.packetlake.jobs.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TestNameTokens {
  @Test
  void nameDomainAndEachLabelOnce() {
    assertThat(NameTokens.of("www.bbc.co.uk"))
        .containsExactly(
            "name=www.bbc.co.uk",
            "domain=bbc.co.uk",
            "label=www",
            "label=bbc",
            "label=co",
            "label=uk");
    assertThat(NameTokens.of("a.a.example.com"))
        .containsExactly(
            "name=a.a.example.com", "domain=example.com", "label=a", "label=example", "label=com");
  }

  @Test
  void reverseLookupsHaveNoLabels() {
    assertThat(NameTokens.of("4.3.2.10.in-addr.arpa"))
        .containsExactly("name=4.3.2.10.in-addr.arpa", "domain=10.in-addr.arpa");
    assertThat(NameTokens.of("1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"))
        .containsExactly("name=1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "domain=2.ip6.arpa");
    assertThat(NameTokens.of("in-addr.arpa")).containsExactly("name=in-addr.arpa");
  }

  @Test
  void namesUnderNoPublicSuffixHaveNoDomain() {
    assertThat(NameTokens.of("printer.local"))
        .containsExactly("name=printer.local", "label=printer", "label=local");
    assertThat(NameTokens.of("_googlecast._tcp.local"))
        .containsExactly(
            "name=_googlecast._tcp.local", "label=_googlecast", "label=_tcp", "label=local");
    assertThat(NameTokens.of("wpad")).containsExactly("name=wpad", "label=wpad");
  }

  @Test
  void escapedAndOddNames() {
    assertThat(NameTokens.of("my\\.host.example.org"))
        .containsExactly(
            "name=my\\.host.example.org",
            "domain=example.org",
            "label=my\\.host",
            "label=example",
            "label=org");
    assertThat(NameTokens.of(".")).containsExactly("name=.");
    assertThat(NameTokens.of("a..b")).containsExactly("name=a..b");
    assertThat(NameTokens.of("")).isEmpty();
    assertThat(NameTokens.of(null)).isEmpty();
  }
}
