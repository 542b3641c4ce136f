package io.packetlake.generator;

/**
 * The TCP/IP stack behaviour of a host that shows in its packets: initial TTL, ephemeral ports and
 * TCP windows. Values are the defaults of current releases.
 */
enum HostStack {
  LINUX(64, 32_768, 60_999, 64_240, 7, 502),
  WINDOWS(128, 49_152, 65_535, 64_240, 8, 1_026),
  MACOS(64, 49_152, 65_535, 65_535, 6, 2_058),
  /** Load balancers and other network appliances in front of servers. */
  APPLIANCE(255, 1_024, 65_535, 16_384, -1, 16_384);

  final int initialTimeToLive;
  final int firstEphemeralPort;
  final int lastEphemeralPort;
  final int synWindow;

  /** Window scale shift offered in SYNs; negative for stacks that offer only MSS. */
  final int windowScale;

  /** Window field of established segments, already scaled down by {@link #windowScale}. */
  final int dataWindow;

  HostStack(
      int initialTimeToLive,
      int firstEphemeralPort,
      int lastEphemeralPort,
      int synWindow,
      int windowScale,
      int dataWindow) {
    this.initialTimeToLive = initialTimeToLive;
    this.firstEphemeralPort = firstEphemeralPort;
    this.lastEphemeralPort = lastEphemeralPort;
    this.synWindow = synWindow;
    this.windowScale = windowScale;
    this.dataWindow = dataWindow;
  }
}
