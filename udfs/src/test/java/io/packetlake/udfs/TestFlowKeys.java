package io.packetlake.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.pcap.decode.EndpointOrder;
import org.junit.jupiter.api.Test;

final class TestFlowKeys {
  @Test
  void bothDirectionsGiveOneKey() {
    String forward = FlowKeys.canonical(6, "10.0.0.1", 51000, "10.0.0.2", 80);
    String backward = FlowKeys.canonical(6, "10.0.0.2", 80, "10.0.0.1", 51000);
    assertThat(forward).isEqualTo("6 10.0.0.1:51000 10.0.0.2:80").isEqualTo(backward);
  }

  @Test
  void endpointsAreInTheOrderConnectionsPairAddressesIn() {
    // The lake's text compared as Spark compares strings: "10.0.0.10" sorts before "10.0.0.9",
    // and "::1" (':' after the digits) after "192.0.2.1".
    assertThat(FlowKeys.canonical(17, "10.0.0.9", 5353, "10.0.0.10", 53))
        .isEqualTo("17 10.0.0.10:53 10.0.0.9:5353");
    assertThat(FlowKeys.canonical(17, "::1", 53, "192.0.2.1", 53))
        .isEqualTo("17 192.0.2.1:53 [::1]:53");
    assertThat(EndpointOrder.compareAddresses("10.0.0.10", "10.0.0.9")).isNegative();
  }

  @Test
  void sameAddressIsOrderedByPort() {
    assertThat(FlowKeys.canonical(6, "127.0.0.1", 8080, "127.0.0.1", 443))
        .isEqualTo("6 127.0.0.1:443 127.0.0.1:8080");
  }

  @Test
  void ipv6IsNormalizedAndBracketed() {
    assertThat(FlowKeys.canonical(6, "2001:DB8::0:2", 443, "2001:db8::1", 50000))
        .isEqualTo("6 [2001:db8::1]:50000 [2001:db8::2]:443");
    assertThat(FlowKeys.canonical(6, "2001:db8::1", 1, "10.0.0.1", 2))
        .isEqualTo("6 10.0.0.1:2 [2001:db8::1]:1");
  }

  @Test
  void missingPortsLeaveTheAddress() {
    assertThat(FlowKeys.canonical(1, "10.0.0.2", null, "10.0.0.1", null))
        .isEqualTo("1 10.0.0.1 10.0.0.2");
    assertThat(FlowKeys.canonical(58, "fe80::2", null, "fe80::1", null))
        .isEqualTo("58 fe80::1 fe80::2");
    assertThat(FlowKeys.canonical(6, "10.0.0.1", 5, "10.0.0.1", null))
        .isEqualTo("6 10.0.0.1 10.0.0.1:5");
  }

  @Test
  void invalidInputIsNull() {
    assertThat(FlowKeys.canonical(null, "10.0.0.1", 1, "10.0.0.2", 2)).isNull();
    assertThat(FlowKeys.canonical(256, "10.0.0.1", 1, "10.0.0.2", 2)).isNull();
    assertThat(FlowKeys.canonical(-1, "10.0.0.1", 1, "10.0.0.2", 2)).isNull();
    assertThat(FlowKeys.canonical(6, "10.0.0", 1, "10.0.0.2", 2)).isNull();
    assertThat(FlowKeys.canonical(6, "10.0.0.1", 1, null, 2)).isNull();
    assertThat(FlowKeys.canonical(6, "10.0.0.1", 65536, "10.0.0.2", 2)).isNull();
    assertThat(FlowKeys.canonical(6, "10.0.0.1", 1, "10.0.0.2", -2)).isNull();
  }
}
