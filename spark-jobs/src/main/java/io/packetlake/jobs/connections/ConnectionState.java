package io.packetlake.jobs.connections;

import io.packetlake.pcap.decode.IpProtocols;

/**
 * Connection state codes as Zeek's {@code conn.log} and the network monitors that copied it use
 * them. TCP states follow the handshake and teardown flags each side sent; other protocols are
 * {@link #S0} (no reply) or {@link #SF} (both sides sent).
 */
public enum ConnectionState {
  /** Connection attempt seen, no reply. */
  S0,
  /** Established (SYN, SYN-ACK), not terminated. */
  S1,
  /** Established and ended by FIN from both sides. UDP/ICMP/other: packets both ways. */
  SF,
  /** Attempt rejected: SYN answered by RST without SYN-ACK. */
  REJ,
  /** Established, originator sent FIN, no FIN from the responder. */
  S2,
  /** Established, responder sent FIN, no FIN from the originator. */
  S3,
  /** Established, originator aborted with RST. */
  RSTO,
  /** Established, responder aborted with RST. */
  RSTR,
  /** Originator sent SYN then RST, no SYN-ACK seen. */
  RSTOS0,
  /** Responder sent SYN-ACK then RST, no SYN seen from the originator. */
  RSTRH,
  /** Originator sent SYN then FIN, no SYN-ACK seen (half open). */
  SH,
  /** Responder sent SYN-ACK then FIN, no SYN seen from the originator. */
  SHR,
  /** No SYN seen: midstream traffic, or anything the other codes do not describe. */
  OTH;

  static ConnectionState of(
      int protocol,
      DirectionState originator,
      DirectionState responder,
      boolean originatorResetFirst) {
    if (protocol != IpProtocols.TCP) {
      return responder.packets > 0 ? SF : S0;
    }
    boolean attempt = originator.sentSyn;
    boolean answered = responder.sentSynAcknowledgment;
    boolean reset = originator.sentReset || responder.sentReset;
    if (attempt && answered) {
      if (reset) {
        return originatorResetFirst ? RSTO : RSTR;
      }
      if (originator.sentFin && responder.sentFin) {
        return SF;
      }
      if (originator.sentFin) {
        return S2;
      }
      return responder.sentFin ? S3 : S1;
    }
    if (attempt) {
      if (responder.sentReset) {
        return REJ;
      }
      if (originator.sentReset) {
        return RSTOS0;
      }
      if (originator.sentFin) {
        return SH;
      }
      return responder.packets == 0 ? S0 : OTH;
    }
    if (answered) {
      if (responder.sentReset) {
        return RSTRH;
      }
      if (responder.sentFin) {
        return SHR;
      }
    }
    return OTH;
  }
}
