package io.packetlake.pcap.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The flow key's text and hash. The expected hashes are the first 16 hex digits of {@code printf
 * '<text>' | sha256sum}, read as a signed big-endian number: what any engine with SHA-256 computes.
 */
final class TestFlowKeys {
  @Test
  void textPutsTheLowerEndpointFirstWhicheverWayThePacketTravels() {
    String expected = "6 10.0.0.1:51000 93.184.216.34:443";
    assertThat(FlowKeys.text(6, "10.0.0.1", 51000, "93.184.216.34", 443)).isEqualTo(expected);
    assertThat(FlowKeys.text(6, "93.184.216.34", 443, "10.0.0.1", 51000)).isEqualTo(expected);
  }

  @Test
  void textBracketsIpv6AddressesWithAPortAndLeavesOutAbsentPorts() {
    assertThat(FlowKeys.text(17, "2001:db8::2", 5353, "2001:db8::1", 53))
        .isEqualTo("17 [2001:db8::1]:53 [2001:db8::2]:5353");
    assertThat(FlowKeys.text(47, "192.0.2.2", EndpointOrder.NO_PORT, "192.0.2.1", -1))
        .isEqualTo("47 192.0.2.1 192.0.2.2");
  }

  @Test
  void hashIsTheFirstEightBytesOfTheSha256OfTheText() {
    assertThat(FlowKeys.hash(6, "93.184.216.34", 443, "10.0.0.1", 51000))
        .isEqualTo(0x0bd125aa4eb41c0eL)
        .isEqualTo(851503217944828942L);
    assertThat(FlowKeys.hash(17, "2001:db8::1", 53, "2001:db8::2", 5353))
        .isEqualTo(8323323577099427150L);
    assertThat(FlowKeys.hash(47, "192.0.2.1", -1, "192.0.2.2", -1))
        .isEqualTo(-5453920063928486558L);
  }

  @Test
  void icmpRequestAndReplyShareAKeyPort() {
    int request = FlowKeys.keyPort(IpProtocols.ICMP, -1, 8, 0);
    int reply = FlowKeys.keyPort(IpProtocols.ICMP, -1, 0, 0);
    assertThat(request).isEqualTo(reply).isEqualTo(8 << 8);
    assertThat(FlowKeys.hash(IpProtocols.ICMP, "10.0.0.1", request, "10.0.0.2", request))
        .isEqualTo(FlowKeys.hash(IpProtocols.ICMP, "10.0.0.2", reply, "10.0.0.1", reply))
        .isEqualTo(-478725627368329589L);
    assertThat(FlowKeys.keyPort(IpProtocols.ICMPV6, -1, 129, 0))
        .isEqualTo(FlowKeys.keyPort(IpProtocols.ICMPV6, -1, 128, 0));
    assertThat(FlowKeys.keyPort(IpProtocols.ICMP, -1, 3, 1)).isEqualTo(3 << 8 | 1);
  }

  @Test
  void keyPortIsAbsentWithoutATransportPortAndForProtocolsWithoutPorts() {
    assertThat(FlowKeys.keyPort(IpProtocols.TCP, -1, -1, -1)).isEqualTo(EndpointOrder.NO_PORT);
    assertThat(FlowKeys.keyPort(IpProtocols.UDP, 53, -1, -1)).isEqualTo(53);
    assertThat(FlowKeys.keyPort(IpProtocols.GRE, -1, -1, -1)).isEqualTo(EndpointOrder.NO_PORT);
    assertThat(FlowKeys.keyPort(IpProtocols.ICMP, -1, -1, -1)).isEqualTo(EndpointOrder.NO_PORT);
  }
}
