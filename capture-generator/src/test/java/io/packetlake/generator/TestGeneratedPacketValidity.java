package io.packetlake.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated packet is valid on the wire, checked with a checksum routine written here from
 * RFC 1071 rather than with the generator's own.
 */
final class TestGeneratedPacketValidity {
  private final List<ParsedFrame> frames = GeneratedCaptures.frames();

  @Test
  void framesHaveExactLengthsAndZeroPadding() {
    List<String> wrong = new ArrayList<>();
    for (ParsedFrame frame : frames) {
      int ipEnd = frame.ipOffset() + frame.ipLength();
      byte[] bytes = frame.frame();
      boolean padded = true;
      for (int index = ipEnd; index < bytes.length; index++) {
        padded &= bytes[index] == 0;
      }
      boolean valid =
          (frame.etherType() == 0x0800 || frame.etherType() == 0x86DD)
              && bytes.length == Math.max(60, ipEnd)
              && padded
              && (frame.ipVersion() == 6 || bytes[frame.ipOffset()] == 0x45)
              && (frame.protocol() != 17
                  || frame.fragment()
                  || frame.payloadLength() + 8 == frame.transportLength());
      if (!valid) {
        wrong.add(describe(frame));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void ipv4HeaderChecksumsAreCorrect() {
    List<String> wrong = new ArrayList<>();
    long checked = 0;
    for (ParsedFrame frame : frames) {
      if (frame.ipVersion() == 4) {
        if (sum(frame.frame(), frame.ipOffset(), 20, 0) != 0xFFFF) {
          wrong.add(describe(frame));
        }
        checked++;
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).isGreaterThan(frames.size() / 2);
  }

  @Test
  void transportChecksumsAreCorrectOverThePseudoHeader() {
    List<String> wrong = new ArrayList<>();
    Map<Integer, Integer> checked = new HashMap<>();
    for (ParsedFrame frame : frames) {
      if (frame.fragment()) {
        continue;
      }
      byte[] bytes = frame.frame();
      int at = frame.transportOffset();
      int length = frame.transportLength();
      // ICMP has no pseudo-header; TCP, UDP and ICMPv6 have.
      long pseudo = frame.protocol() == 1 ? 0 : pseudoHeader(frame, frame.protocol(), length);
      boolean zeroUdpChecksum = frame.protocol() == 17 && ParsedFrame.u16(bytes, at + 6) == 0;
      if (sum(bytes, at, length, pseudo) != 0xFFFF || zeroUdpChecksum) {
        wrong.add(describe(frame));
      }
      checked.merge(frame.protocol(), 1, Integer::sum);
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).containsOnlyKeys(1, 6, 17, 58);
  }

  @Test
  void fragmentsReassembleIntoDatagramsWithCorrectChecksums() {
    Map<String, ByteArrayOutputStream> datagrams = new HashMap<>();
    Map<String, ParsedFrame> firstFragments = new HashMap<>();
    int reassembled = 0;
    for (ParsedFrame frame : frames) {
      if (!frame.fragment()) {
        continue;
      }
      assertThat(frame.fragmentOffset() % 8).isZero();
      if (frame.moreFragments()) {
        assertThat(frame.transportLength() % 8).as("non-last fragment size").isZero();
      }
      String key =
          frame.sourceText() + ">" + frame.destinationText() + "#" + frame.identification();
      ByteArrayOutputStream datagram =
          datagrams.computeIfAbsent(key, k -> new ByteArrayOutputStream());
      // The generator sends fragments in order, without overlap.
      assertThat(frame.fragmentOffset()).as("offset of " + key).isEqualTo(datagram.size());
      datagram.write(frame.frame(), frame.transportOffset(), frame.transportLength());
      if (frame.fragmentOffset() == 0) {
        firstFragments.put(key, frame);
      }
      if (!frame.moreFragments()) {
        byte[] whole = datagrams.remove(key).toByteArray();
        ParsedFrame first = firstFragments.remove(key);
        assertThat(first).as("first fragment of " + key).isNotNull();
        assertThat(ParsedFrame.u16(whole, 4)).as("UDP length of " + key).isEqualTo(whole.length);
        long pseudo = pseudoHeader(first, 17, whole.length);
        assertThat(sum(whole, 0, whole.length, pseudo))
            .as("UDP checksum of reassembled " + key)
            .isEqualTo(0xFFFF);
        reassembled++;
      }
    }
    // Only a datagram cut by the end of the capture may stay incomplete.
    assertThat(datagrams).as("incomplete datagrams").hasSizeLessThanOrEqualTo(1);
    assertThat(reassembled).isGreaterThanOrEqualTo(2);
  }

  /** The pseudo-header sum: RFC 9293 section 3.1 for IPv4, RFC 8200 section 8.1 for IPv6. */
  private static long pseudoHeader(ParsedFrame frame, int protocol, int length) {
    byte[] addresses = new byte[frame.source().length * 2];
    System.arraycopy(frame.source(), 0, addresses, 0, frame.source().length);
    System.arraycopy(
        frame.destination(), 0, addresses, frame.source().length, frame.destination().length);
    return sum16(addresses, 0, addresses.length) + protocol + length;
  }

  /** The one's complement sum of {@code initial} and 16-bit big-endian words, folded. */
  static int sum(byte[] bytes, int offset, int length, long initial) {
    long total = initial + sum16(bytes, offset, length);
    while ((total >> 16) != 0) {
      total = (total & 0xFFFF) + (total >> 16);
    }
    return (int) total;
  }

  private static long sum16(byte[] bytes, int offset, int length) {
    long total = 0;
    for (int index = 0; index < length; index += 2) {
      int high = bytes[offset + index] & 0xFF;
      int low = index + 1 < length ? bytes[offset + index + 1] & 0xFF : 0;
      total += (high << 8) | low;
    }
    return total;
  }

  static String describe(ParsedFrame frame) {
    return String.format(
        "frame at %s (%s -> %s, protocol %s, %s bytes): %s",
        frame.timestampNanos(),
        frame.sourceText(),
        frame.destinationText(),
        frame.protocol(),
        frame.frame().length,
        hex(Arrays.copyOf(frame.frame(), Math.min(frame.frame().length, 80))));
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte value : bytes) {
      text.append(String.format("%02x", value));
    }
    return text.toString();
  }
}
