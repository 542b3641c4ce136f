package io.packetlake.pcap.hadoop;

import io.packetlake.pcap.framing.CorruptCaptureException;

/**
 * A split's reader found that the record boundary proven for the next split is not on its own
 * record chain: a damaged length made one of them follow the wrong chain, so the splits would not
 * add up to the file. Reading the file unsplit ({@link PcapInputConfig#UNSPLIT_PATHS}) is safe.
 */
public final class SplitBoundaryException extends CorruptCaptureException {
  private static final long serialVersionUID = 1L;

  public SplitBoundaryException(String source, long boundary, long chainPosition) {
    super(
        source,
        boundary,
        String.format(
            "the record boundary found here for the next split is not on the record chain (the"
                + " chain steps over it to offset %s); read this file unsplit",
            chainPosition));
  }
}
