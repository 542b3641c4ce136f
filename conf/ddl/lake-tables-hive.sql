-- The lake's tables as external Parquet tables of a Hive metastore, which every client
-- of the metastore reads: Hive, Trino, Impala, Spark with Hive support.
--
-- Generated from the table catalogs (bin/packetlake tables --ddl hive > conf/ddl/lake-tables-hive.sql);
-- a test fails when the two disagree, and another runs it against a Hive metastore.
--
-- Replace ${lake} with the lake's root (hdfs:///lake, s3a://bucket/lake):
--   beeline -u jdbc:hive2://HOST:10000 --hivevar lake=hdfs:///lake -f conf/ddl/lake-tables-hive.sql
--   spark-sql --conf spark.sql.catalogImplementation=hive -d lake=hdfs:///lake \
--     -f conf/ddl/lake-tables-hive.sql
-- The scheduled runs do the same after each run (packetlake register: conf/oozie,
-- conf/airflow), so the metastore always lists every day the lake holds.
--
-- EXTERNAL, with a LOCATION: DROP TABLE never deletes lake data. IF NOT EXISTS and
-- MSCK REPAIR TABLE make the file harmless to rerun; MSCK REPAIR TABLE adds the
-- partitions written since the last time. The metastore creates the directory of a
-- table that no run has written yet. MLlib vector columns are the struct they are
-- stored as (type 0 sparse, 1 dense). Names are in backquotes: some are reserved words
-- in Hive. Comments are literals with Unicode escapes for semicolons and dollar signs,
-- so that no script runner splits or substitutes inside them.

-- table: packets
CREATE EXTERNAL TABLE IF NOT EXISTS `packets` (
  `capture_file` string COMMENT 'Capture file the packet was read from',
  `record_offset` bigint COMMENT 'Byte offset of the record (pcap record header, pcapng block) in the capture file',
  `frame_status` string COMMENT 'Framing outcome: OK, TRUNCATED (file ended inside the record), CORRUPT_REGION (bytes skipped up to the next provable record)',
  `decode_status` string COMMENT 'Header decoding outcome: OK, NOT_IP, UNSUPPORTED_LINK_TYPE, TRUNCATED, MALFORMED_*\u003B FRAME_NOT_DECODED when the frame was not complete',
  `packet_time` timestamp COMMENT 'Capture time of the packet (UTC\u003B the table keeps microseconds, decode prints nanoseconds)\u003B null when the capture format gives none for the record',
  `packet_time_ns` bigint COMMENT 'packet_time in nanoseconds since the Unix epoch',
  `frame_length` int COMMENT 'Length of the frame on the wire (orig_len)',
  `captured_length` int COMMENT 'Bytes captured (incl_len)\u003B less than frame_length when cut by the snaplen',
  `link_type` int COMMENT 'LINKTYPE_* of the capture interface',
  `dst_mac` string COMMENT 'Ethernet destination MAC (aa:bb:cc:dd:ee:ff)',
  `src_mac` string COMMENT 'Ethernet source MAC\u003B for Linux cooked captures the link-layer address of the cooked header',
  `ether_type` int COMMENT 'Outer EtherType (0x8100 when VLAN-tagged\u003B the protocol field for Linux cooked captures and Cisco HDLC)\u003B null for 802.3 length frames and links without one',
  `vlan_id` int COMMENT 'Outer 802.1Q/802.1ad VLAN id',
  `vlan_count` int COMMENT 'Number of VLAN tags',
  `ip_version` int COMMENT '4 or 6\u003B null when the packet has no IP header',
  `ip_header_length` int COMMENT 'IP header length in bytes (IPv4: IHL with options\u003B IPv6: 40 plus extension headers)',
  `ip_ttl` int COMMENT 'IPv4 time to live or IPv6 hop limit',
  `ip_protocol` int COMMENT 'IP protocol number\u003B for IPv6 the upper-layer protocol after extension headers',
  `ip_total_length` int COMMENT 'IP total length (IPv6: 40 plus the payload length)',
  `ip_tos` int COMMENT 'IPv4 type-of-service byte (DSCP and ECN) or IPv6 traffic class',
  `src_address` string COMMENT 'IP source address (dotted quad, or RFC 5952 text for IPv6)',
  `dst_address` string COMMENT 'IP destination address (dotted quad, or RFC 5952 text for IPv6)',
  `ip_id` bigint COMMENT 'IPv4 identification, or the identification of the IPv6 fragment header',
  `ip_dont_fragment` boolean COMMENT 'IPv4 DF flag\u003B null for IPv6',
  `ip_more_fragments` boolean COMMENT 'IPv4 MF flag, or the M flag of the IPv6 fragment header (false without one)',
  `ip_fragment_offset` int COMMENT 'Fragment offset in bytes (tshark\'s ip.frag_offset is in 8-byte units)\u003B null for IPv6 without a fragment header',
  `is_fragment` boolean COMMENT 'Whether the packet is a fragment: IPv4 with MF set or a non-zero offset, IPv6 with a fragment header\u003B false without IP',
  `ipv6_next_header` int COMMENT 'Next Header of the fixed IPv6 header (may be an extension header)',
  `ipv6_flow_label` int COMMENT 'IPv6 flow label',
  `src_port` int COMMENT 'TCP or UDP source port',
  `dst_port` int COMMENT 'TCP or UDP destination port',
  `tcp_src_port` int COMMENT 'TCP source port\u003B null for other protocols',
  `tcp_dst_port` int COMMENT 'TCP destination port\u003B null for other protocols',
  `udp_src_port` int COMMENT 'UDP source port\u003B null for other protocols',
  `udp_dst_port` int COMMENT 'UDP destination port\u003B null for other protocols',
  `udp_length` int COMMENT 'UDP length field (header and data)',
  `tcp_seq` bigint COMMENT 'TCP sequence number (raw, unsigned)',
  `tcp_ack` bigint COMMENT 'TCP acknowledgment number (raw, unsigned)',
  `tcp_flags` int COMMENT 'TCP flag bits as tshark\'s tcp.flags: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80 NS 0x100, reserved 0xE00',
  `tcp_window` int COMMENT 'TCP window field (unscaled)',
  `tcp_header_length` int COMMENT 'TCP header length in bytes (data offset)',
  `payload_length` int COMMENT 'Transport payload bytes on the wire (TCP segment data, UDP data)',
  `icmp_type` int COMMENT 'ICMP or ICMPv6 type (see ip_protocol 1 or 58)',
  `icmp_code` int COMMENT 'ICMP or ICMPv6 code',
  `tunnel` string COMMENT 'Encapsulation whose inner packet is not decoded (IPIP, IPV6_IN_IPV4, GRE, VXLAN, GENEVE, GTP_U, L2TP, TEREDO)',
  `flow_key_hash` bigint COMMENT 'Direction-free hash of the packet\'s flow key (protocol, addresses, ports\u003B docs/GLOSSARY.md): connections store the same value, so it and a connection\'s time range find its packets. Non-first fragments hash a port-less key\u003B null without IP')
COMMENT 'One row per framed record of a capture: the record\'s framing, its link, IP and transport headers as decoded, and the capture it came from'
PARTITIONED BY (
  `packet_date` date COMMENT 'UTC date of packet_time (partition)',
  `capture_id` string COMMENT 'Stable id of the capture (partition): 16 hex digits of SHA-256 over its size and its first and last MiB, the same whatever the file is called')
STORED AS PARQUET
LOCATION '${lake}/packets';
MSCK REPAIR TABLE `packets`;

-- table: dns
CREATE EXTERNAL TABLE IF NOT EXISTS `dns` (
  `capture_file` string COMMENT 'Capture file of the packet that completed the message (for TCP, the segment that delivered its last byte)',
  `record_offset` bigint COMMENT 'Byte offset of that packet\'s record in capture_file: the packets table\'s record_offset',
  `message_time` timestamp COMMENT 'Capture time of the packet that completed the message (UTC, microseconds). Zeek\'s ts',
  `message_time_ns` bigint COMMENT 'message_time in nanoseconds since the epoch',
  `ip_protocol` int COMMENT '17 (UDP) or 6 (TCP). Zeek\'s proto',
  `src_address` string COMMENT 'IP address of the message\'s sender',
  `src_port` int COMMENT 'Port of the message\'s sender',
  `dst_address` string COMMENT 'IP address of the message\'s receiver',
  `dst_port` int COMMENT 'Port of the message\'s receiver',
  `flow_key_hash` bigint COMMENT 'Direction-free hash of the flow key: the packets\' and connections\' flow_key_hash',
  `message_length` int COMMENT 'Bytes of the DNS message as carried (UDP payload\u003B for TCP without the 2-byte length prefix), as far as captured',
  `parse_status` string COMMENT 'OK\u003B TRUNCATED (message ends early: snap length, a gap in the TCP stream or the stream limit)\u003B MALFORMED_NAME (pointer loop, label or name too long)\u003B MALFORMED_RECORD (length past the end). Fields read so far are kept',
  `transaction_id` int COMMENT 'DNS transaction id. Zeek\'s trans_id',
  `is_response` boolean COMMENT 'QR flag: true for a response',
  `opcode` int COMMENT 'DNS opcode (0 standard query)',
  `rcode` int COMMENT 'Response code of the header (4 bits\u003B 3 is NXDOMAIN). Zeek\'s rcode',
  `rcode_name` string COMMENT 'NOERROR, FORMERR, SERVFAIL, NXDOMAIN, ... Zeek\'s rcode_name',
  `authoritative` boolean COMMENT 'AA flag. Zeek\'s AA',
  `truncated` boolean COMMENT 'TC flag. Zeek\'s TC',
  `recursion_desired` boolean COMMENT 'RD flag. Zeek\'s RD',
  `recursion_available` boolean COMMENT 'RA flag. Zeek\'s RA',
  `authentic_data` boolean COMMENT 'AD flag (DNSSEC)',
  `checking_disabled` boolean COMMENT 'CD flag (DNSSEC)',
  `question_count` int COMMENT 'QDCOUNT of the header',
  `answer_count` int COMMENT 'ANCOUNT of the header',
  `authority_count` int COMMENT 'NSCOUNT of the header',
  `additional_count` int COMMENT 'ARCOUNT of the header',
  `query_name` string COMMENT 'Name of the first question as sent (case kept, no trailing dot, the root as \'.\', dots and bytes outside printable ASCII escaped as in zone files). Zeek\'s query',
  `query_name_normalized` string COMMENT 'query_name in lower case: the name to group and join on',
  `query_type` int COMMENT 'Type of the first question (1 A, 28 AAAA ...). Zeek\'s qtype',
  `query_type_name` string COMMENT 'A, AAAA, PTR, ... or TYPE<n>. Zeek\'s qtype_name',
  `query_class` int COMMENT 'Class of the first question as sent (1 IN\u003B mDNS sets the top bit for a unicast response). Zeek\'s qclass',
  `questions` array<struct<`question_name`:string,`question_type`:int,`question_type_name`:string,`question_class`:int>> COMMENT 'Every question read whole, in order (question_name, question_type, question_type_name, question_class): mDNS asks several at once\u003B the first is query_name, query_type and query_class',
  `answers` array<struct<`record_name`:string,`record_type`:int,`record_type_name`:string,`record_class`:int,`ttl`:bigint,`record_data`:string>> COMMENT 'Answer section (record_name, record_type, record_type_name, record_class, ttl in seconds, record_data as text). Zeek\'s answers and TTLs',
  `answer_addresses` array<string> COMMENT 'The A and AAAA addresses of the answer section, in order',
  `authority_records` array<struct<`record_name`:string,`record_type`:int,`record_type_name`:string,`record_class`:int,`ttl`:bigint,`record_data`:string>> COMMENT 'Authority section (record_name, record_type, record_type_name, record_class, ttl in seconds, record_data as text)',
  `additional_records` array<struct<`record_name`:string,`record_type`:int,`record_type_name`:string,`record_class`:int,`ttl`:bigint,`record_data`:string>> COMMENT 'Additional section (record_name, record_type, record_type_name, record_class, ttl in seconds, record_data as text), EDNS OPT included',
  `query_time` timestamp COMMENT 'For a response: capture time of the query it answers, the last query of the same flow and transaction id within 60 s before it in the same run',
  `response_delay` double COMMENT 'For a response: message_time minus query_time in seconds. Zeek\'s rtt')
COMMENT 'One row per DNS message (UDP and TCP on ports 53, 5353 mDNS and 5355 LLMNR): its header, question and records, the message it answers, and the packet that completed it. Zeek\'s dns.log, one row per message instead of per query and reply'
PARTITIONED BY (
  `message_date` date COMMENT 'UTC date of message_time (partition)',
  `capture_id` string COMMENT 'Id of the capture (partition)')
STORED AS PARQUET
LOCATION '${lake}/dns';
MSCK REPAIR TABLE `dns`;

-- table: connections
CREATE EXTERNAL TABLE IF NOT EXISTS `connections` (
  `connection_id` string COMMENT 'Stable id: 20 hex digits of SHA-256 over protocol, originator and responder address and port, and start_time_ns. Zeek\'s uid',
  `flow_key_hash` bigint COMMENT 'Direction-free hash of the connection\'s flow key: the packets table\'s flow_key_hash of its packets (with packet_time_ns between start_time_ns and end_time_ns)',
  `ip_protocol` int COMMENT 'IP protocol number (Zeek\'s proto, as a number)',
  `ip_protocol_name` string COMMENT 'tcp, udp, icmp, icmpv6, ... or the protocol number as text (Zeek\'s proto)',
  `ip_version` int COMMENT '4 or 6',
  `originator_address` string COMMENT 'Address of the side that started the connection: the sender of the first packet, or the receiver when the first packet is a SYN-ACK. Zeek\'s id.orig_h',
  `originator_port` int COMMENT 'TCP/UDP port of the originator\u003B for ICMP the type of the first message\u003B null for other protocols and port-less fragments. Zeek\'s id.orig_p',
  `responder_address` string COMMENT 'Address of the other side. Zeek\'s id.resp_h',
  `responder_port` int COMMENT 'TCP/UDP port of the responder\u003B for ICMP the code of the first message\u003B null for other protocols. Zeek\'s id.resp_p',
  `start_time` timestamp COMMENT 'Capture time of the first packet (UTC, microseconds). Zeek\'s ts',
  `end_time` timestamp COMMENT 'Capture time of the last packet, teardown packets within the linger included',
  `start_time_ns` bigint COMMENT 'start_time in nanoseconds since the epoch',
  `end_time_ns` bigint COMMENT 'end_time in nanoseconds since the epoch',
  `duration` double COMMENT 'end_time minus start_time in seconds (0 for a single packet). Zeek\'s duration',
  `originator_packets` bigint COMMENT 'Packets from originator to responder. Zeek\'s orig_pkts, nfstream\'s src2dst_packets',
  `responder_packets` bigint COMMENT 'Packets from responder to originator. Zeek\'s resp_pkts, nfstream\'s dst2src_packets',
  `originator_frame_bytes` bigint COMMENT 'Frame bytes (sum of frame lengths on the wire, as tshark\'s conversation table) from originator to responder. nfstream\'s src2dst_bytes',
  `responder_frame_bytes` bigint COMMENT 'Frame bytes (sum of frame lengths on the wire) from responder to originator. nfstream\'s dst2src_bytes',
  `originator_ip_bytes` bigint COMMENT 'IP bytes (sum of IP total lengths, headers included) from originator to responder. Zeek\'s orig_ip_bytes',
  `responder_ip_bytes` bigint COMMENT 'IP bytes (sum of IP total lengths) from responder to originator. Zeek\'s resp_ip_bytes',
  `originator_payload_bytes` bigint COMMENT 'Payload bytes (sum of TCP/UDP payload lengths on the wire) from originator to responder (0 for other protocols). Like Zeek\'s orig_bytes, which counts TCP bytes by sequence numbers instead',
  `responder_payload_bytes` bigint COMMENT 'Payload bytes (sum of TCP/UDP payload lengths) from responder to originator. Like Zeek\'s resp_bytes',
  `fragmented_packets` bigint COMMENT 'Packets that are IP fragments (IPv4 MF set or offset > 0, IPv6 fragment header)\u003B non-first fragments join the connection of their first fragment',
  `ack_packets` bigint COMMENT 'TCP packets with ACK set',
  `retransmitted_packets` bigint COMMENT 'TCP segments consuming sequence space (payload, SYN or FIN) that start before the highest sequence end already sent in their direction (32-bit wraparound), out-of-order segments excluded\u003B both directions',
  `psh_packets` bigint COMMENT 'TCP packets with PSH set',
  `syn_packets` bigint COMMENT 'TCP packets with SYN set',
  `fin_packets` bigint COMMENT 'TCP packets with FIN set',
  `tcp_flag_count` bigint COMMENT 'TCP header flag bits set (FIN SYN RST PSH ACK URG ECE CWR NS\u003B reserved bits not counted), summed over all packets',
  `urg_packets` bigint COMMENT 'TCP packets with URG set',
  `sequence_packets` bigint COMMENT 'TCP packets that consume sequence space: payload > 0, or SYN, or FIN',
  `rst_packets` bigint COMMENT 'TCP packets with RST set',
  `ece_packets` bigint COMMENT 'TCP packets with ECE set',
  `cwr_packets` bigint COMMENT 'TCP packets with CWR set',
  `originator_retransmitted_packets` bigint COMMENT 'retransmitted_packets sent by the originator',
  `responder_retransmitted_packets` bigint COMMENT 'retransmitted_packets sent by the responder',
  `out_of_order_packets` bigint COMMENT 'TCP segments that fill the latest sequence gap of their direction within the reordering window (3 ms) after it opened\u003B both directions',
  `connection_state` string COMMENT 'Zeek\'s conn_state: S0 no answer, S1 established, SF established and closed both ways (non-TCP: packets both ways), REJ rejected by RST, S2/S3 FIN from originator/responder only, RSTO/RSTR reset by either, RSTOS0, RSTRH, SH, SHR, OTH midstream',
  `end_reason` string COMMENT 'IDLE_TIMEOUT (no packet for the protocol\'s timeout), FIN (both sides), RST, END_OF_DATA (data read ended within the timeout: may continue in later captures)',
  `capture_ids` array<string> COMMENT 'capture_id of every capture holding packets of the connection, sorted: the packets table\'s partitions to read for them',
  `responder_name` string COMMENT 'DNS name the originator resolved to responder_address: query_name_normalized of the last DNS response with that address in answer_addresses received by the originator within 1 h (--responder-name-window) up to start_time\u003B else null',
  `responder_name_time` timestamp COMMENT 'message_time of the DNS response responder_name was taken from: start_time minus it is the answer\'s age\u003B null when responder_name is')
COMMENT 'One row per connection: the packets of one 5-tuple, both directions, from the first packet until an idle timeout, FIN from both sides or RST ends it'
PARTITIONED BY (
  `start_date` date COMMENT 'UTC date of start_time (partition)')
STORED AS PARQUET
LOCATION '${lake}/connections';
MSCK REPAIR TABLE `connections`;

-- table: ip_activity
CREATE EXTERNAL TABLE IF NOT EXISTS `ip_activity` (
  `address` string COMMENT 'The IP address the row describes',
  `role` string COMMENT 'source: the address sent the packets and originated the connections\u003B destination: it received the packets and responded to the connections',
  `period_start` timestamp COMMENT 'First instant of the UTC calendar period (minute, hour, day, month or year)',
  `packets` bigint COMMENT 'IP packets of the role in the period',
  `frame_bytes` bigint COMMENT 'Frame bytes (sum of frame lengths on the wire) of them',
  `peers` bigint COMMENT 'Distinct peer addresses (destinations for source, sources for destination)\u003B HLL estimate of peers_sketch',
  `peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peer addresses\u003B merge with hll_union_agg',
  `ports` bigint COMMENT 'Distinct TCP/UDP destination ports of the packets (ports reached as source, own ports reached as destination)\u003B HLL estimate of ports_sketch',
  `ports_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the destination ports',
  `max_peers_on_one_port` bigint COMMENT 'Horizontal scan: the most distinct peers on one destination port. Minute, hour, day: exact over the period\'s packets\u003B month, year: the largest of the period\'s day values (not a distinct count over the whole month or year)',
  `port_with_max_peers` int COMMENT 'The destination port of max_peers_on_one_port (ties: the lowest port\u003B month, year: the port of the day with the largest value)\u003B null without ports',
  `max_ports_on_one_peer` bigint COMMENT 'Vertical scan: the most distinct destination ports with one peer. Minute, hour, day: exact over the period\'s packets\u003B month, year: the largest of the period\'s day values',
  `peer_with_max_ports` string COMMENT 'The peer of max_ports_on_one_peer (ties: the lowest address text\u003B month, year: the peer of the day with the largest value)\u003B null without ports',
  `syn_peers` bigint COMMENT 'Distinct peers of the packets with SYN set\u003B HLL estimate',
  `syn_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with SYN set',
  `syn_packets` bigint COMMENT 'TCP packets with SYN set',
  `fin_peers` bigint COMMENT 'Distinct peers of the packets with FIN set\u003B HLL estimate',
  `fin_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with FIN set',
  `fin_packets` bigint COMMENT 'TCP packets with FIN set',
  `ack_peers` bigint COMMENT 'Distinct peers of the packets with ACK set\u003B HLL estimate',
  `ack_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with ACK set',
  `ack_packets` bigint COMMENT 'TCP packets with ACK set',
  `rst_peers` bigint COMMENT 'Distinct peers of the packets with RST set\u003B HLL estimate',
  `rst_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with RST set',
  `rst_packets` bigint COMMENT 'TCP packets with RST set',
  `psh_peers` bigint COMMENT 'Distinct peers of the packets with PSH set\u003B HLL estimate',
  `psh_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with PSH set',
  `psh_packets` bigint COMMENT 'TCP packets with PSH set',
  `urg_peers` bigint COMMENT 'Distinct peers of the packets with URG set\u003B HLL estimate',
  `urg_peers_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the peers of the packets with URG set',
  `urg_packets` bigint COMMENT 'TCP packets with URG set',
  `connections` bigint COMMENT 'Connections starting in the period that the address originated (source) or responded to (destination)',
  `connections_by_protocol` map<string,bigint> COMMENT 'Those connections per protocol name (tcp, udp, icmp, icmpv6, or the number)',
  `connections_by_state` map<string,bigint> COMMENT 'Those connections per Zeek connection_state (S0, SF, REJ, RSTO, ...)')
COMMENT 'One row per IP address, role (source or destination) and UTC minute, hour, day, month or year: its packets, bytes, peers, ports, scan maxima, TCP flags and connections'
PARTITIONED BY (
  `grain` string COMMENT 'minute, hour, day, month or year (partition)',
  `period_date` date COMMENT 'UTC date of the day holding the period for minute, hour and day\u003B first day of the month or year for month and year (partition)')
STORED AS PARQUET
LOCATION '${lake}/ip_activity';
MSCK REPAIR TABLE `ip_activity`;

-- table: connection_vectors
CREATE EXTERNAL TABLE IF NOT EXISTS `connection_vectors` (
  `connection_id` string COMMENT 'The connection\'s connection_id',
  `start_time` timestamp COMMENT 'The connection\'s start_time',
  `features` struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>> COMMENT 'FeatureHasher vector of ip_protocol_name, service_port (responder_port), connection_state and log1p of originator and responder packets and bytes, duration, retransmitted_packets, fragmented_packets and tcp_flag_count',
  `capture_ids` array<string> COMMENT 'The connection\'s capture_ids')
COMMENT 'One row per connection: its protocol, service port, state and log-scaled counts hashed into one feature vector'
PARTITIONED BY (
  `start_date` date COMMENT 'UTC date of start_time (partition)')
STORED AS PARQUET
LOCATION '${lake}/connection_vectors';
MSCK REPAIR TABLE `connection_vectors`;

-- table: ip_activity_vectors
CREATE EXTERNAL TABLE IF NOT EXISTS `ip_activity_vectors` (
  `address` string COMMENT 'The IP address the row describes',
  `role` string COMMENT 'source or destination, as in ip_activity',
  `period_start` timestamp COMMENT 'First instant of the UTC calendar period',
  `tokens` array<string> COMMENT 'The row\'s bag of words, each token once: role:<role>, proto:<name> and state:<state> of its connections, flag:<FLAG> of the TCP flags its packets carry, dport:<port> of the port with the most peers',
  `token_features` struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>> COMMENT 'HashingTF vector of tokens',
  `numeric_features` struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>> COMMENT 'FeatureHasher vector of log1p of packets, frame_bytes, peers, ports, the scan maxima, connections and the TCP flag packet counts')
COMMENT 'One row per ip_activity row: its bag of words and its log-scaled counts, each hashed into a feature vector'
PARTITIONED BY (
  `grain` string COMMENT 'minute, hour, day, month or year (partition)',
  `period_date` date COMMENT 'period_date of the ip_activity row (partition)')
STORED AS PARQUET
LOCATION '${lake}/ip_activity_vectors';
MSCK REPAIR TABLE `ip_activity_vectors`;

-- table: name_vectors
CREATE EXTERNAL TABLE IF NOT EXISTS `name_vectors` (
  `address` string COMMENT 'The IP address that sent the queries: the dns rows\' src_address (a resolver\'s own queries count for the resolver)',
  `period_start` timestamp COMMENT 'First instant of the UTC calendar period (minute, hour, day, month or year)',
  `query_count` bigint COMMENT 'DNS queries the address sent in the period: dns rows with is_response false and a query_name',
  `distinct_names` bigint COMMENT 'Distinct query_name_normalized it asked for\u003B HLL estimate of distinct_names_sketch',
  `distinct_names_sketch` binary COMMENT 'HLL sketch (lgConfigK 12) of the names asked for\u003B merge with hll_union_agg',
  `name_tokens` array<string> COMMENT 'Minute rows: the distinct tokens of the bag, sorted. Null for hour and coarser grains (a resolver\'s bag is unbounded): their bags are their minute rows\' bags',
  `name_features` struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>> COMMENT 'HashingTF term frequencies of the bag: per query name=<name>, domain=<registered domain>, label=<label>. Hour to year rows: the sums of the rows of the grain below',
  `name_tfidf` struct<`type`:tinyint,`size`:int,`indices`:array<int>,`values`:array<double>> COMMENT 'name_features times the IDF weights fitted over the rows of the same grain and period_date (vectors --name-idf)\u003B null when IDF was not asked for')
COMMENT 'One row per IP address and UTC minute, hour, day, month or year in which it sent DNS queries: the names it asked for as a bag of tokens (name=, domain=, label=) hashed by HashingTF, and optionally weighted by IDF'
PARTITIONED BY (
  `grain` string COMMENT 'minute, hour, day, month or year (partition)',
  `period_date` date COMMENT 'UTC date of the day holding the period for minute, hour and day\u003B first day of the month or year for month and year (partition)')
STORED AS PARQUET
LOCATION '${lake}/name_vectors';
MSCK REPAIR TABLE `name_vectors`;
