package io.packetlake.generator;

/**
 * Told what the generator puts on the wire that a capture alone cannot prove: the ground truth that
 * tests of later stages (connections) compare with. Called from the generating thread, in packet
 * order; the default methods ignore everything.
 */
public interface GenerationObserver {
  /** Observes nothing. */
  GenerationObserver NONE = new GenerationObserver() {};

  /** A TCP connection sent its first packet: a session's first SYN, or a scan's probe. */
  default void tcpConnectionStarted() {}

  /**
   * A TCP segment went out again with a sequence range already sent: a data segment after a loss,
   * or a SYN repeated because no answer came.
   */
  default void tcpSegmentResent() {}
}
