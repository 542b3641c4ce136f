package io.packetlake.pcap.decode;

/**
 * Outcome of decoding one packet's headers. Every packet gets exactly one status; the packets table
 * counts rows per status. When several problems occur in one packet, the status names the first one
 * met walking from the link layer inwards, and the fields decoded up to that point (and, where the
 * layer could still be walked, after it) are kept.
 */
public enum DecodeStatus {
  /** Every header present was decoded and is consistent. */
  OK,
  /**
   * The link layer is fine but carries something other than IP: ARP, LLC/STP, IPX, SLARP, a non-IP
   * MPLS payload, an unknown EtherType or address family. Link-layer fields are set.
   */
  NOT_IP,
  /** The link type is not one the decoder understands; only {@code linkType} is set. */
  UNSUPPORTED_LINK_TYPE,
  /**
   * The captured bytes end inside a header (snap length, or a cut-short capture). Fields whose
   * bytes were captured are kept.
   */
  TRUNCATED,
  /** The link-layer header is inconsistent: too many VLAN tags or MPLS labels, bad PPPoE header. */
  MALFORMED_LINK,
  /**
   * The IP header is inconsistent: a version other than 4 or 6, or one that contradicts the
   * EtherType or link type; IPv4 header length below 20 or total length below the header length; a
   * length that claims more bytes than were on the wire; an IPv6 extension header that overruns the
   * payload, or too long a chain of them.
   */
  MALFORMED_IP,
  /**
   * The transport header is inconsistent: it does not fit in the IP payload, a TCP data offset
   * below 5 words or beyond the segment, a UDP length below 8 or beyond the IP payload.
   */
  MALFORMED_TRANSPORT
}
