package io.packetlake.pcap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Datagrams put together from hand-made fragments, in every order and with what goes wrong. */
final class TestIpDefragmenter {
  private static final byte[] DATAGRAM = datagram(5353, 5353, 40);

  @Test
  void fragmentsInAnyOrderMakeTheDatagramShownOnTheLastToArrive() {
    List<IpFragment> fragments =
        List.of(fragment(16, 16, true, 2), fragment(0, 16, true, 1), fragment(32, 16, false, 3));
    List<PayloadSegment> out = new ArrayList<>();
    PassCounters counters = new PassCounters();
    IpDefragmenter defragmenter = new IpDefragmenter(out::add, counters);
    fragments.forEach(defragmenter::add);
    defragmenter.finish();

    assertThat(out).hasSize(1);
    PayloadSegment segment = out.get(0);
    assertThat(segment.recordOffset()).isEqualTo(3);
    assertThat(segment.sourcePort()).isEqualTo(5353);
    assertThat(segment.payloadLength()).isEqualTo(40);
    assertThat(segment.payload()).isEqualTo(Arrays.copyOfRange(DATAGRAM, 8, 48));
    assertThat(segment.payloadCut()).isFalse();
    assertThat(counters.reassembledDatagrams()).isEqualTo(1);
  }

  @Test
  void aRepeatedFragmentKeepsTheFirstCopyAndAMissingOneLeavesTheFirstFragmentCut() {
    byte[] other = DATAGRAM.clone();
    Arrays.fill(other, 16, 32, (byte) 0x55);
    List<PayloadSegment> out = new ArrayList<>();
    PassCounters counters = new PassCounters();
    IpDefragmenter defragmenter = new IpDefragmenter(out::add, counters);
    defragmenter.add(fragment(0, 16, true, 1));
    defragmenter.add(fragment(16, 16, true, 2));
    defragmenter.add(fragment(other, 16, 16, true, 3, 7));
    defragmenter.add(fragment(32, 16, false, 4));
    // The same key again, another datagram whose middle never comes.
    defragmenter.add(fragment(0, 16, true, 5));
    defragmenter.add(fragment(32, 16, false, 6));
    defragmenter.finish();

    assertThat(out).hasSize(2);
    assertThat(out.get(0).payload()).isEqualTo(Arrays.copyOfRange(DATAGRAM, 8, 48));
    assertThat(out.get(0).recordOffset()).isEqualTo(4);
    assertThat(out.get(1).recordOffset()).isEqualTo(5);
    assertThat(out.get(1).payloadCut()).isTrue();
    assertThat(counters.reassembledDatagrams()).isEqualTo(1);
    assertThat(counters.incompleteDatagrams()).isEqualTo(1);
  }

  @Test
  void fragmentsWithoutTheirFirstAreCountedAndOtherPortsAreNotExamined() {
    List<PayloadSegment> out = new ArrayList<>();
    PassCounters counters = new PassCounters();
    IpDefragmenter defragmenter = new IpDefragmenter(out::add, counters);
    defragmenter.add(fragment(16, 16, true, 1));
    defragmenter.add(fragment(32, 16, false, 2));
    byte[] ntp = datagram(123, 123, 40);
    defragmenter.add(fragment(ntp, 0, 16, true, 3, 9));
    defragmenter.add(fragment(ntp, 16, 32, false, 4, 9));
    defragmenter.add(fragment(DATAGRAM, 60000, 8000, false, 5, 11));
    defragmenter.finish();

    assertThat(out).isEmpty();
    assertThat(counters.unassembledFragmentBytes()).isEqualTo(32 + 8000);
  }

  private static IpFragment fragment(int offset, int length, boolean more, long record) {
    return fragment(DATAGRAM, offset, length, more, record, 7);
  }

  private static IpFragment fragment(
      byte[] datagram, int offset, int length, boolean more, long record, long identification) {
    byte[] bytes = new byte[length];
    if (offset < datagram.length) {
      System.arraycopy(datagram, offset, bytes, 0, Math.min(length, datagram.length - offset));
    }
    return new IpFragment(
        "capture",
        "capture.pcap",
        record,
        1_000L * record,
        17,
        "192.0.2.1",
        "224.0.0.251",
        identification,
        offset,
        more,
        length,
        bytes);
  }

  /** A UDP header and {@code payload} bytes counting up. */
  private static byte[] datagram(int sourcePort, int destinationPort, int payload) {
    byte[] datagram = new byte[8 + payload];
    datagram[0] = (byte) (sourcePort >>> 8);
    datagram[1] = (byte) sourcePort;
    datagram[2] = (byte) (destinationPort >>> 8);
    datagram[3] = (byte) destinationPort;
    datagram[4] = (byte) ((8 + payload) >>> 8);
    datagram[5] = (byte) (8 + payload);
    for (int index = 8; index < datagram.length; index++) {
      datagram[index] = (byte) index;
    }
    return datagram;
  }
}
