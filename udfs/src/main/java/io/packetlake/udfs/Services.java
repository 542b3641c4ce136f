package io.packetlake.udfs;

import java.util.HashMap;
import java.util.Map;

/**
 * Well-known service names (IANA service name registry spelling) of common ports, for labelling
 * charts and features. Deliberately compact: the ports seen most in enterprise and internet
 * traffic, not the whole registry, so that unknown ports stay visibly unknown (null) rather than
 * acquiring a name nobody uses.
 */
public final class Services {
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int SCTP = 132;

  private static final Map<Long, String> NAMES = new HashMap<>();

  static {
    both(7, "echo");
    tcp(20, "ftp-data");
    tcp(21, "ftp");
    tcp(22, "ssh");
    tcp(23, "telnet");
    tcp(25, "smtp");
    both(53, "domain");
    udp(67, "bootps");
    udp(68, "bootpc");
    udp(69, "tftp");
    tcp(80, "http");
    both(88, "kerberos");
    tcp(110, "pop3");
    udp(123, "ntp");
    tcp(135, "epmap");
    udp(137, "netbios-ns");
    udp(138, "netbios-dgm");
    tcp(139, "netbios-ssn");
    tcp(143, "imap");
    udp(161, "snmp");
    udp(162, "snmptrap");
    tcp(179, "bgp");
    both(389, "ldap");
    tcp(443, "https");
    // HTTP/3 and QUIC run over UDP 443.
    udp(443, "https");
    tcp(445, "microsoft-ds");
    both(464, "kpasswd");
    udp(500, "isakmp");
    udp(514, "syslog");
    tcp(515, "printer");
    udp(520, "router");
    udp(546, "dhcpv6-client");
    udp(547, "dhcpv6-server");
    tcp(587, "submission");
    tcp(631, "ipp");
    tcp(636, "ldaps");
    tcp(853, "domain-s");
    tcp(873, "rsync");
    tcp(993, "imaps");
    tcp(995, "pop3s");
    both(1433, "ms-sql-s");
    udp(1701, "l2tp");
    both(1812, "radius");
    both(1813, "radius-acct");
    tcp(1883, "mqtt");
    udp(1900, "ssdp");
    tcp(2049, "nfs");
    udp(2049, "nfs");
    sctp(2905, "m3ua");
    tcp(3306, "mysql");
    tcp(3389, "ms-wbt-server");
    udp(3478, "stun");
    tcp(3478, "stun");
    udp(4500, "ipsec-nat-t");
    udp(4789, "vxlan");
    tcp(5060, "sip");
    udp(5060, "sip");
    tcp(5061, "sips");
    udp(5353, "mdns");
    udp(5355, "llmnr");
    tcp(5432, "postgresql");
    tcp(5671, "amqps");
    tcp(5672, "amqp");
    tcp(5900, "rfb");
    tcp(6379, "redis");
    udp(6081, "geneve");
    tcp(8080, "http-alt");
    tcp(8443, "pcsync-https");
    tcp(8883, "secure-mqtt");
    tcp(27017, "mongodb");
    sctp(36412, "s1-control");
    sctp(38412, "ng-control");
  }

  private Services() {}

  /**
   * The service name of a port under an IP protocol number (6 TCP, 17 UDP, 132 SCTP), or null when
   * the table has none.
   */
  public static String name(long port, long protocol) {
    if (port < 0 || port > 65535 || protocol < 0 || protocol > 255) {
      return null;
    }
    return NAMES.get(key(port, protocol));
  }

  private static void tcp(int port, String name) {
    NAMES.put(key(port, TCP), name);
  }

  private static void udp(int port, String name) {
    NAMES.put(key(port, UDP), name);
  }

  private static void sctp(int port, String name) {
    NAMES.put(key(port, SCTP), name);
  }

  private static void both(int port, String name) {
    tcp(port, name);
    udp(port, name);
  }

  private static long key(long port, long protocol) {
    return (protocol << 16) | port;
  }
}
