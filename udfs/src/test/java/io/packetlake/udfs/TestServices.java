package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TestServices {
  @ParameterizedTest
  @CsvSource({
    "22, 6, ssh",
    "53, 6, domain",
    "53, 17, domain",
    "80, 6, http",
    "443, 6, https",
    "443, 17, https",
    "123, 17, ntp",
    "67, 17, bootps",
    "445, 6, microsoft-ds",
    "3389, 6, ms-wbt-server",
    "5353, 17, mdns",
    "2905, 132, m3ua"
  })
  void knownServices(long port, long protocol, String expected) {
    assertThat(Services.name(port, protocol)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "123, 6",
    "22, 17",
    "80, 1",
    "51000, 6",
    "0, 6",
    "-1, 6",
    "65536, 6",
    "80, 256",
    "80, -6",
    "80, 65542"
  })
  void unknownOrInvalidIsNull(long port, long protocol) {
    assertThat(Services.name(port, protocol)).isNull();
  }
}
