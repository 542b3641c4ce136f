package io.packetlake.pcap.app.dns;

/**
 * Mnemonics of DNS numbers, as IANA's "Domain Name System (DNS) Parameters" registry names them and
 * as dig and tshark print them. Numbers without a mnemonic get the generic forms of RFC 3597
 * ({@code TYPE65280}) and their analogue for response codes ({@code RCODE12}).
 */
public final class DnsNames {
  private DnsNames() {}

  /**
   * The mnemonic of a record or query type: {@code A}, {@code AAAA}, {@code ANY} for 255, ...;
   * {@code TYPE<n>} for a number without one.
   *
   * @return null when {@code type} is not a 16-bit number (such as the -1 of an absent field)
   */
  public static String typeName(int type) {
    if (type < 0 || type > 0xFFFF) {
      return null;
    }
    String name = knownTypeName(type);
    return name != null ? name : "TYPE" + type;
  }

  private static String knownTypeName(int type) {
    return switch (type) {
      case 1 -> "A";
      case 2 -> "NS";
      case 3 -> "MD";
      case 4 -> "MF";
      case 5 -> "CNAME";
      case 6 -> "SOA";
      case 7 -> "MB";
      case 8 -> "MG";
      case 9 -> "MR";
      case 10 -> "NULL";
      case 11 -> "WKS";
      case 12 -> "PTR";
      case 13 -> "HINFO";
      case 14 -> "MINFO";
      case 15 -> "MX";
      case 16 -> "TXT";
      case 17 -> "RP";
      case 18 -> "AFSDB";
      case 19 -> "X25";
      case 20 -> "ISDN";
      case 21 -> "RT";
      case 22 -> "NSAP";
      case 23 -> "NSAP-PTR";
      case 24 -> "SIG";
      case 25 -> "KEY";
      case 26 -> "PX";
      case 27 -> "GPOS";
      case 28 -> "AAAA";
      case 29 -> "LOC";
      case 30 -> "NXT";
      case 31 -> "EID";
      case 32 -> "NIMLOC";
      case 33 -> "SRV";
      case 34 -> "ATMA";
      case 35 -> "NAPTR";
      case 36 -> "KX";
      case 37 -> "CERT";
      case 38 -> "A6";
      case 39 -> "DNAME";
      case 40 -> "SINK";
      case 41 -> "OPT";
      case 42 -> "APL";
      case 43 -> "DS";
      case 44 -> "SSHFP";
      case 45 -> "IPSECKEY";
      case 46 -> "RRSIG";
      case 47 -> "NSEC";
      case 48 -> "DNSKEY";
      case 49 -> "DHCID";
      case 50 -> "NSEC3";
      case 51 -> "NSEC3PARAM";
      case 52 -> "TLSA";
      case 53 -> "SMIMEA";
      case 55 -> "HIP";
      case 56 -> "NINFO";
      case 57 -> "RKEY";
      case 58 -> "TALINK";
      case 59 -> "CDS";
      case 60 -> "CDNSKEY";
      case 61 -> "OPENPGPKEY";
      case 62 -> "CSYNC";
      case 63 -> "ZONEMD";
      case 64 -> "SVCB";
      case 65 -> "HTTPS";
      case 99 -> "SPF";
      case 100 -> "UINFO";
      case 101 -> "UID";
      case 102 -> "GID";
      case 103 -> "UNSPEC";
      case 104 -> "NID";
      case 105 -> "L32";
      case 106 -> "L64";
      case 107 -> "LP";
      case 108 -> "EUI48";
      case 109 -> "EUI64";
      case 249 -> "TKEY";
      case 250 -> "TSIG";
      case 251 -> "IXFR";
      case 252 -> "AXFR";
      case 253 -> "MAILB";
      case 254 -> "MAILA";
      case 255 -> "ANY";
      case 256 -> "URI";
      case 257 -> "CAA";
      case 258 -> "AVC";
      case 259 -> "DOA";
      case 260 -> "AMTRELAY";
      case 32768 -> "TA";
      case 32769 -> "DLV";
      default -> null;
    };
  }

  /**
   * The mnemonic of a response code: {@code NOERROR}, {@code NXDOMAIN}, ... for the header's four
   * bits, the extended codes of EDNS and TSIG ({@code BADVERS} 16 ... {@code BADCOOKIE} 23) above
   * them, {@code RCODE<n>} for a number without one.
   *
   * @return null when {@code rcode} is not a 12-bit number (such as the -1 of an absent header)
   */
  public static String rcodeName(int rcode) {
    if (rcode < 0 || rcode > 0xFFF) {
      return null;
    }
    return switch (rcode) {
      case 0 -> "NOERROR";
      case 1 -> "FORMERR";
      case 2 -> "SERVFAIL";
      case 3 -> "NXDOMAIN";
      case 4 -> "NOTIMP";
      case 5 -> "REFUSED";
      case 6 -> "YXDOMAIN";
      case 7 -> "YXRRSET";
      case 8 -> "NXRRSET";
      case 9 -> "NOTAUTH";
      case 10 -> "NOTZONE";
      case 11 -> "DSOTYPENI";
      case 16 -> "BADVERS";
      case 17 -> "BADKEY";
      case 18 -> "BADTIME";
      case 19 -> "BADMODE";
      case 20 -> "BADNAME";
      case 21 -> "BADALG";
      case 22 -> "BADTRUNC";
      case 23 -> "BADCOOKIE";
      default -> "RCODE" + rcode;
    };
  }

  /**
   * The name of an EDNS option code (RFC 6891 section 6.1.2) as {@link DnsParser} prints it in an
   * OPT record's data: {@code NSID}, {@code ECS}, {@code COOKIE}, ... (and {@code OWNER} for 4,
   * which IANA reserves for the mDNS sleep proxies' owner option that tshark also decodes); {@code
   * OPTION<n>} for a code without one.
   *
   * @return null when {@code code} is not a 16-bit number
   */
  public static String ednsOptionName(int code) {
    if (code < 0 || code > 0xFFFF) {
      return null;
    }
    return switch (code) {
      case 1 -> "LLQ";
      case 2 -> "UL";
      case 3 -> "NSID";
      case 4 -> "OWNER";
      case 5 -> "DAU";
      case 6 -> "DHU";
      case 7 -> "N3U";
      case 8 -> "ECS";
      case 9 -> "EXPIRE";
      case 10 -> "COOKIE";
      case 11 -> "KEEPALIVE";
      case 12 -> "PADDING";
      case 13 -> "CHAIN";
      case 14 -> "KEY-TAG";
      case 15 -> "EDE";
      case 16 -> "CLIENT-TAG";
      case 17 -> "SERVER-TAG";
      default -> "OPTION" + code;
    };
  }
}
