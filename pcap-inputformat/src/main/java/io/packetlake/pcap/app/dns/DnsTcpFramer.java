package io.packetlake.pcap.app.dns;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.app.PayloadSegment;
import io.packetlake.pcap.app.tcp.StreamConsumer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits one direction of a DNS-over-TCP stream into its messages (RFC 1035 section 4.2.2, RFC 7766
 * section 8): each message is preceded by its length, two bytes big-endian.
 *
 * <pre>
 *  0               1               2
 * +---------------+---------------+------------------------------+
 * |   length (big-endian, 0..65535)  |  message: length bytes ... |
 * +---------------+---------------+------------------------------+
 * </pre>
 *
 * It knows the framing and nothing of the message inside, which the caller parses. The rules:
 *
 * <ul>
 *   <li>A message is handed out once its last byte arrives, complete, with the segment that
 *       delivered that byte as its trigger (the packet whose time and record offset are the
 *       message's).
 *   <li>A message cut by a gap or by the end of the stream is handed out incomplete with the bytes
 *       received (none when only its length arrived), the trigger being the segment that delivered
 *       its last received byte; the parser marks it truncated.
 *   <li>After a gap no boundary can be trusted (the missing bytes may hold length prefixes), so the
 *       framer stops framing the stream and counts the bytes it discards ({@link
 *       #unframedBytes()}), as it does a length prefix cut after its first byte. The next stream
 *       (after {@link #end}) is framed again from its first byte.
 *   <li>A length of zero frames an empty message: it is handed out complete with no bytes and
 *       framing goes on after it. The prefix is well formed, so the boundaries stay known; the
 *       parser reports the empty message as malformed, as tshark does.
 * </ul>
 *
 * It holds at most one message: two length bytes and up to 65535 message bytes.
 */
public final class DnsTcpFramer implements StreamConsumer {
  private static final int LENGTH_BYTES = 2;

  private final Consumer<FramedDnsMessage> messages;

  private final byte[] prefix = new byte[LENGTH_BYTES];
  private int prefixReceived;
  private byte[] message;
  private int messageReceived;
  private PayloadSegment lastTrigger;
  private boolean framing = true;
  private long unframedBytes;

  /**
   * One message of the stream as framed.
   *
   * @param bytes the message bytes received, without the length prefix: {@code declaredLength}
   *     bytes when complete, fewer otherwise
   * @param declaredLength the length the prefix declared, 0 to 65535
   * @param complete whether all {@code declaredLength} bytes were received
   * @param trigger the segment that delivered the last byte received (of the message, or of its
   *     prefix when no message byte arrived)
   */
  public record FramedDnsMessage(
      byte[] bytes, int declaredLength, boolean complete, PayloadSegment trigger) {
    public FramedDnsMessage {
      requireNonNull(bytes, "bytes is null");
      requireNonNull(trigger, "trigger is null");
      if (declaredLength < 0 || declaredLength > 0xFFFF) {
        throw new IllegalArgumentException(
            "Cannot frame DNS message: declared length %d is not 0..65535"
                .formatted(declaredLength));
      }
      if (complete ? bytes.length != declaredLength : bytes.length >= declaredLength) {
        throw new IllegalArgumentException(
            "Cannot frame DNS message: %d bytes of %d declared cannot be %s"
                .formatted(bytes.length, declaredLength, complete ? "complete" : "incomplete"));
      }
    }
  }

  /**
   * @param messages receives each message as it is framed
   */
  public DnsTcpFramer(Consumer<FramedDnsMessage> messages) {
    this.messages = requireNonNull(messages, "messages is null");
  }

  @Override
  public void data(byte[] bytes, int offset, int length, PayloadSegment trigger) {
    if (!framing) {
      unframedBytes += length;
      return;
    }
    int position = offset;
    int end = offset + length;
    while (position < end) {
      if (message == null) {
        prefix[prefixReceived++] = bytes[position++];
        lastTrigger = trigger;
        if (prefixReceived == LENGTH_BYTES) {
          int declaredLength = ((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF);
          message = new byte[declaredLength];
          messageReceived = 0;
        }
      } else {
        int count = Math.min(end - position, message.length - messageReceived);
        System.arraycopy(bytes, position, message, messageReceived, count);
        messageReceived += count;
        position += count;
        lastTrigger = trigger;
      }
      if (message != null && messageReceived == message.length) {
        messages.accept(new FramedDnsMessage(message, message.length, true, trigger));
        message = null;
        prefixReceived = 0;
      }
    }
  }

  @Override
  public void gap(long missingBytes, PayloadSegment trigger) {
    cutMessage();
    framing = false;
  }

  @Override
  public void end(PayloadSegment last) {
    cutMessage();
    framing = true;
  }

  /** Bytes received that belong to no message handed out: after a gap or in a cut prefix. */
  public long unframedBytes() {
    return unframedBytes;
  }

  /** Hands out the message in progress as incomplete; a cut length prefix is counted unframed. */
  private void cutMessage() {
    if (message != null) {
      messages.accept(
          new FramedDnsMessage(
              Arrays.copyOf(message, messageReceived), message.length, false, lastTrigger));
    } else {
      unframedBytes += prefixReceived;
    }
    message = null;
    messageReceived = 0;
    prefixReceived = 0;
    lastTrigger = null;
  }
}
