package io.packetlake.jobs.application;

import io.packetlake.pcap.app.FlowPass;

/**
 * How ingest's application-layer pass runs.
 *
 * @param enabled whether it runs at all (off: no {@code dns} rows are written, to measure the
 *     pass's cost or to ingest packets only)
 * @param maxStreamBytes the bytes of each direction of a TCP connection that are reassembled and
 *     examined; the rest is counted as cut off. It bounds the memory of the pass (one flow at a
 *     time, two directions) and does not depend on the split
 */
public record ApplicationLayerConfig(boolean enabled, int maxStreamBytes) {
  /** {@link FlowPass#DEFAULT_MAX_STREAM_BYTES}. */
  public static final int DEFAULT_MAX_STREAM_BYTES = FlowPass.DEFAULT_MAX_STREAM_BYTES;

  /** The pass as ingest runs it without options. */
  public static final ApplicationLayerConfig DEFAULT =
      new ApplicationLayerConfig(true, DEFAULT_MAX_STREAM_BYTES);

  /** No application-layer pass. */
  public static final ApplicationLayerConfig OFF =
      new ApplicationLayerConfig(false, DEFAULT_MAX_STREAM_BYTES);

  public ApplicationLayerConfig {
    if (maxStreamBytes <= 0) {
      throw new IllegalArgumentException(
          "Cannot configure the application-layer pass: max stream bytes must be positive: "
              + maxStreamBytes);
    }
  }
}
