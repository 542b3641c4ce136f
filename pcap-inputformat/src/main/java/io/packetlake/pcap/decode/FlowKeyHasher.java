package io.packetlake.pcap.decode;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The {@code flow_key_hash} of packet after packet without allocating: the addresses are formatted,
 * the key's text ({@link FlowKeys#text}) built and hashed in buffers this holder reuses. One per
 * {@link PacketRow}; not thread-safe.
 */
final class FlowKeyHasher {
  // "<protocol> [<39 chars>]:<5 digits> [<39 chars>]:<5 digits>" is at most 101 ASCII characters.
  private static final int MAX_KEY_BYTES = 128;

  private final StringBuilder source = new StringBuilder(39);
  private final StringBuilder destination = new StringBuilder(39);
  private final StringBuilder key = new StringBuilder(MAX_KEY_BYTES);
  private final byte[] keyBytes = new byte[MAX_KEY_BYTES];
  private final byte[] digest = new byte[32];
  private final MessageDigest sha256 = FlowKeys.sha256();

  /** The hash of the flow key of a decoded packet, for which {@link FlowKeys#hasKey} holds. */
  long hash(PacketHeaders headers) {
    int protocol = headers.ipProtocol();
    source.setLength(0);
    destination.setLength(0);
    headers.appendSourceAddress(source);
    headers.appendDestinationAddress(destination);
    key.setLength(0);
    FlowKeys.appendText(
        key,
        protocol,
        source,
        FlowKeys.keyPort(protocol, headers.sourcePort(), headers.icmpType(), headers.icmpCode()),
        destination,
        FlowKeys.keyPort(
            protocol, headers.destinationPort(), headers.icmpType(), headers.icmpCode()));
    int length = key.length();
    for (int i = 0; i < length; i++) {
      keyBytes[i] = (byte) key.charAt(i); // the key is ASCII
    }
    sha256.update(keyBytes, 0, length);
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 digests are 32 bytes", e);
    }
    return FlowKeys.firstLong(digest);
  }
}
