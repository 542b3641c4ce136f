package io.packetlake.jobs.connections;

import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;

/** Hand-built packets for the tracker tests: times in milliseconds from an arbitrary origin. */
final class Packets {
  static final String CLIENT = "10.0.0.1";
  static final String SERVER = "10.0.0.2";
  static final int CLIENT_PORT = 40000;
  static final int SERVER_PORT = 80;
  static final long ORIGIN_NANOS = 1_700_000_000_000_000_000L;
  static final String CAPTURE_ID = "0123456789abcdef";

  static final int SYN = TcpFlags.SYN;
  static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;
  static final int ACK = TcpFlags.ACK;
  static final int PSH_ACK = TcpFlags.PSH | TcpFlags.ACK;
  static final int FIN_ACK = TcpFlags.FIN | TcpFlags.ACK;
  static final int RST = TcpFlags.RST;
  static final int RST_ACK = TcpFlags.RST | TcpFlags.ACK;

  private Packets() {}

  static long at(long millis) {
    return ORIGIN_NANOS + millis * 1_000_000L;
  }

  /** A TCP segment from the client to the server. */
  static FlowPacket fromClient(long millis, int flags, long sequence, int payload) {
    return tcp(millis, CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, flags, sequence, payload);
  }

  /** A TCP segment from the server to the client. */
  static FlowPacket fromServer(long millis, int flags, long sequence, int payload) {
    return tcp(millis, SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, flags, sequence, payload);
  }

  static FlowPacket tcp(
      long millis,
      String source,
      int sourcePort,
      String destination,
      int destinationPort,
      int flags,
      long sequence,
      int payload) {
    return new FlowPacket(
        at(millis),
        source,
        destination,
        IpProtocols.TCP,
        sourcePort,
        destinationPort,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        flags,
        sequence,
        payload,
        14 + 40 + payload,
        40 + payload,
        1,
        false,
        0,
        CAPTURE_ID);
  }

  static FlowPacket udp(
      long millis,
      String source,
      int sourcePort,
      String destination,
      int destinationPort,
      int payload) {
    return new FlowPacket(
        at(millis),
        source,
        destination,
        IpProtocols.UDP,
        sourcePort,
        destinationPort,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        payload,
        14 + 28 + payload,
        28 + payload,
        7,
        false,
        0,
        CAPTURE_ID);
  }

  static FlowPacket icmp(long millis, String source, String destination, int type, int code) {
    return new FlowPacket(
        at(millis),
        source,
        destination,
        IpProtocols.ICMP,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        type,
        code,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        98,
        84,
        9,
        false,
        0,
        CAPTURE_ID);
  }

  /**
   * A UDP fragment from the client: the first ({@code offset} 0) carries the ports, later ones
   * carry none.
   */
  static FlowPacket udpFragment(long millis, long identification, int offset, boolean more) {
    boolean first = offset == 0;
    return new FlowPacket(
        at(millis),
        CLIENT,
        SERVER,
        IpProtocols.UDP,
        first ? CLIENT_PORT : FlowPacket.ABSENT,
        first ? 2049 : FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        FlowPacket.ABSENT,
        first ? 1472 : FlowPacket.ABSENT,
        1514,
        1500,
        identification,
        offset > 0 || more,
        offset,
        CAPTURE_ID);
  }
}
