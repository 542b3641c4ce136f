package io.packetlake.jobs.connections;

/** Why a connection ended. */
public enum EndReason {
  /** No packet for the protocol's idle timeout. */
  IDLE_TIMEOUT,
  /** FIN seen from both sides (and the linger after the second FIN is over). */
  FIN,
  /** RST seen (and the linger after it is over). */
  RST,
  /**
   * The packets read ended less than an idle timeout after the connection's last packet: it may go
   * on in data not yet ingested.
   */
  END_OF_DATA
}
