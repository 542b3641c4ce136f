package io.packetlake.jobs.connections;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.packetlake.generator.CaptureFileFormat;
import io.packetlake.generator.CaptureSink;
import io.packetlake.generator.CaptureSinks;
import io.packetlake.generator.PacketBuilder;
import io.packetlake.jobs.TestSessions;
import io.packetlake.jobs.ingest.IngestConfig;
import io.packetlake.jobs.ingest.IngestJob;
import io.packetlake.jobs.lake.Lake;
import io.packetlake.jobs.lake.RunLedger;
import io.packetlake.pcap.decode.IpProtocols;
import io.packetlake.pcap.decode.TcpFlags;
import io.packetlake.pcap.framing.EpochNanos;
import io.packetlake.pcap.framing.FramingOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections stage names responders from the dns table: a capture of TCP SYNs from one client
 * to a server per case, ingested, DNS responses written beside it (ingest does not make them from
 * these captures), and the connections written by the stage. Each case has a server of its own, so
 * its connection's name shows that case's rule alone.
 */
final class TestResponderNames {
  private static final String CLIENT = "10.0.0.1";
  private static final String CLIENT_IPV6 = "2001:db8::1";
  private static final String OTHER_CLIENT = "10.0.0.2";
  private static final String RESOLVER = "10.0.0.53";
  private static final Instant NOON = Instant.parse("2024-03-10T12:00:00Z");
  private static final Duration WINDOW = ResponderNames.DEFAULT_WINDOW;

  private static final String FOUND = "192.0.2.1";
  private static final String LATEST = "192.0.2.2";
  private static final String ANSWER_AFTER_START = "192.0.2.3";
  private static final String ANSWER_BEFORE_WINDOW = "192.0.2.4";
  private static final String ANSWER_AT_WINDOW_START = "192.0.2.5";
  private static final String OTHER_CLIENTS_ANSWER = "192.0.2.6";
  private static final String CNAME_CHAIN = "192.0.2.7";
  private static final String AFTER_MIDNIGHT = "192.0.2.8";
  private static final String SAME_INSTANT = "192.0.2.9";
  private static final String IPV6 = "2001:db8::7";
  private static final String NO_ANSWER = "192.0.2.10";

  /** The connections of the cases: one SYN from the client to the server at its time. */
  private static final List<Syn> SYNS =
      List.of(
          new Syn(FOUND, NOON),
          new Syn(LATEST, NOON.plusSeconds(60)),
          new Syn(ANSWER_AFTER_START, NOON.plusSeconds(120)),
          new Syn(ANSWER_BEFORE_WINDOW, NOON.plusSeconds(180)),
          new Syn(ANSWER_AT_WINDOW_START, NOON.plusSeconds(240)),
          new Syn(OTHER_CLIENTS_ANSWER, NOON.plusSeconds(300)),
          new Syn(CNAME_CHAIN, NOON.plusSeconds(360)),
          new Syn(SAME_INSTANT, NOON.plusSeconds(420)),
          new Syn(IPV6, NOON.plusSeconds(480)),
          new Syn(NO_ANSWER, NOON.plusSeconds(540)),
          new Syn(AFTER_MIDNIGHT, Instant.parse("2024-03-11T00:10:00Z")));

  private static SparkSession spark;
  private static Lake lake;

  @TempDir static Path directory;

  @BeforeAll
  static void buildLake() throws IOException {
    spark = TestSessions.create("TestResponderNames");
    lake = ingestedLake(directory.resolve("named"));
    DnsResponses.write(spark, lake, responses());
    ConnectionJob.run(
        spark, ConnectionConfig.allDates(lake, FlowTimeouts.defaults()), ledger(lake));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** The responses of the cases, each named after what it shows. */
  private static List<Row> responses() {
    List<Row> responses = new ArrayList<>();
    responses.add(answer(NOON.minusSeconds(5), CLIENT, "Example.org", FOUND));
    // An answer for another address only is no answer for this one.
    responses.add(answer(NOON.minusSeconds(4), CLIENT, "unrelated.example", "198.51.100.1"));

    Instant latestStart = NOON.plusSeconds(60);
    responses.add(answer(latestStart.minusSeconds(600), CLIENT, "old.example", LATEST));
    responses.add(answer(latestStart.minusSeconds(2), CLIENT, "new.example", LATEST));

    Instant afterStart = NOON.plusSeconds(120);
    responses.add(
        answer(afterStart.minusSeconds(30), CLIENT, "before.example", ANSWER_AFTER_START));
    responses.add(answer(afterStart.plusNanos(1_000), CLIENT, "after.example", ANSWER_AFTER_START));

    Instant beforeWindow = NOON.plusSeconds(180);
    responses.add(
        answer(
            beforeWindow.minus(WINDOW).minusNanos(1_000),
            CLIENT,
            "stale.example",
            ANSWER_BEFORE_WINDOW));

    Instant atWindowStart = NOON.plusSeconds(240);
    responses.add(
        answer(atWindowStart.minus(WINDOW), CLIENT, "edge.example", ANSWER_AT_WINDOW_START));

    responses.add(
        answer(
            NOON.plusSeconds(300).minusSeconds(1),
            OTHER_CLIENT,
            "theirs.example",
            OTHER_CLIENTS_ANSWER));

    responses.add(
        DnsResponses.cnameResponse(
            NOON.plusSeconds(360).minusMillis(20),
            CLIENT,
            RESOLVER,
            "WWW.A.com",
            "a.cdn.example.net",
            List.of(CNAME_CHAIN)));

    Instant sameInstant = NOON.plusSeconds(420).minusSeconds(1);
    responses.add(answer(sameInstant, CLIENT, "b.example", SAME_INSTANT));
    responses.add(answer(sameInstant, CLIENT, "a.example", SAME_INSTANT));

    responses.add(
        DnsResponses.response(
            NOON.plusSeconds(480).minusSeconds(1),
            CLIENT_IPV6,
            "2001:db8::53",
            "v6.example",
            List.of("192.0.2.77", IPV6)));

    responses.add(
        answer(Instant.parse("2024-03-10T23:40:00Z"), CLIENT, "midnight.example", AFTER_MIDNIGHT));
    return responses;
  }

  @Test
  void answerReceivedBeforeTheConnectionNamesItsResponder() {
    Row row = connectionTo(FOUND);
    assertThat(row.<String>getAs(ConnectionTable.RESPONDER_NAME)).isEqualTo("example.org");
    assertThat(row.<Instant>getAs(ConnectionTable.RESPONDER_NAME_TIME))
        .isEqualTo(NOON.minusSeconds(5));
  }

  @Test
  void latestOfTwoAnswersWins() {
    assertThat(nameOf(LATEST)).isEqualTo("new.example");
  }

  @Test
  void answerAfterTheFirstPacketIsIgnored() {
    assertThat(nameOf(ANSWER_AFTER_START)).isEqualTo("before.example");
  }

  @Test
  void answerOlderThanTheWindowIsIgnoredAndOneAtItsStartCounts() {
    assertThat(nameOf(ANSWER_BEFORE_WINDOW)).isNull();
    assertThat(nameOf(ANSWER_AT_WINDOW_START)).isEqualTo("edge.example");
  }

  @Test
  void answerToAnotherClientIsIgnored() {
    Row row = connectionTo(OTHER_CLIENTS_ANSWER);
    assertThat(row.<String>getAs(ConnectionTable.RESPONDER_NAME)).isNull();
    assertThat(row.<Instant>getAs(ConnectionTable.RESPONDER_NAME_TIME)).isNull();
  }

  @Test
  void cnameChainGivesTheNameTheClientAsked() {
    assertThat(nameOf(CNAME_CHAIN)).isEqualTo("www.a.com");
  }

  @Test
  void answersAtTheSameInstantGoToTheLowerName() {
    assertThat(nameOf(SAME_INSTANT)).isEqualTo("a.example");
  }

  @Test
  void anyAddressOfTheAnswerNamesItsConnectionIpv6Included() {
    assertThat(nameOf(IPV6)).isEqualTo("v6.example");
    assertThat(nameOf(NO_ANSWER)).isNull();
  }

  @Test
  void answerBeforeMidnightNamesAConnectionAfterIt() {
    assertThat(nameOf(AFTER_MIDNIGHT)).isEqualTo("midnight.example");
    assertThat(connectionTo(AFTER_MIDNIGHT).<LocalDate>getAs(ConnectionTable.START_DATE))
        .isEqualTo(LocalDate.parse("2024-03-11"));
  }

  @Test
  void runForTheDayAfterMidnightReadsTheAnswersOfTheDayBefore() throws IOException {
    Lake dated = ingestedLake(directory.resolve("dated"));
    DnsResponses.write(spark, dated, responses());
    ConnectionJob.run(
        spark,
        ConnectionConfig.forDates(
            dated, Set.of(LocalDate.parse("2024-03-11")), FlowTimeouts.defaults()),
        ledger(dated));

    assertThat(connectionTo(dated, AFTER_MIDNIGHT).<String>getAs(ConnectionTable.RESPONDER_NAME))
        .isEqualTo("midnight.example");
  }

  @Test
  void answerDatesReachBackAsFarAsTheWindow() {
    LocalDate day = LocalDate.parse("2024-03-11");
    assertThat(ResponderNames.answerDates(List.of(day), Duration.ofHours(1)))
        .containsExactly(day.minusDays(1), day);
    assertThat(ResponderNames.answerDates(List.of(day), Duration.ofDays(1)))
        .containsExactly(day.minusDays(1), day);
    assertThat(ResponderNames.answerDates(List.of(day), Duration.ofHours(25)))
        .containsExactly(day.minusDays(2), day.minusDays(1), day);
    assertThatThrownBy(() -> ResponderNames.answerDates(List.of(day), Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot name responders: window PT192H is not positive and at most PT168H");
  }

  @Test
  void shorterWindowDropsOlderAnswersAndIsRecordedInTheSettings() throws IOException {
    Lake shortWindow = ingestedLake(directory.resolve("short-window"));
    DnsResponses.write(spark, shortWindow, responses());
    ConnectionConfig config =
        ConnectionConfig.allDates(shortWindow, FlowTimeouts.defaults())
            .withResponderNameWindow(Duration.ofSeconds(3));
    assertThat(config.settings()).containsEntry("responder_name_window_seconds", 3.0);
    ConnectionJob.run(spark, config, ledger(shortWindow));

    // 5 s before: outside; 2 s before: inside.
    assertThat(connectionTo(shortWindow, FOUND).<String>getAs(ConnectionTable.RESPONDER_NAME))
        .isNull();
    assertThat(connectionTo(shortWindow, LATEST).<String>getAs(ConnectionTable.RESPONDER_NAME))
        .isEqualTo("new.example");
  }

  @Test
  void lakeWithoutDnsTableHasNoNames() throws IOException {
    Lake withoutDns = ingestedLake(directory.resolve("without-dns"));
    ConnectionResult result =
        ConnectionJob.run(
            spark,
            ConnectionConfig.allDates(withoutDns, FlowTimeouts.defaults()),
            ledger(withoutDns));

    assertThat(result.rows()).isEqualTo(SYNS.size());
    assertThat(
            connections(withoutDns)
                .where(
                    col(ConnectionTable.RESPONDER_NAME)
                        .isNotNull()
                        .or(col(ConnectionTable.RESPONDER_NAME_TIME).isNotNull()))
                .count())
        .isZero();
  }

  private static Row answer(Instant time, String client, String queryName, String address) {
    return DnsResponses.response(time, client, RESOLVER, queryName, List.of(address));
  }

  private static String nameOf(String responder) {
    return connectionTo(responder).getAs(ConnectionTable.RESPONDER_NAME);
  }

  private static Row connectionTo(String responder) {
    return connectionTo(lake, responder);
  }

  private static Row connectionTo(Lake in, String responder) {
    List<Row> rows =
        connections(in)
            .where(col(ConnectionTable.RESPONDER_ADDRESS).equalTo(responder))
            .collectAsList();
    assertThat(rows).as("connections to " + responder).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.<String>getAs(ConnectionTable.ORIGINATOR_ADDRESS))
        .isEqualTo(responder.indexOf(':') >= 0 ? CLIENT_IPV6 : CLIENT);
    return row;
  }

  private static org.apache.spark.sql.Dataset<Row> connections(Lake in) {
    return ConnectionTable.CATALOG.read(spark, in.table(ConnectionTable.NAME));
  }

  /** A lake with the packets of the cases' SYNs ingested. */
  private static Lake ingestedLake(Path root) throws IOException {
    Path capture = root.resolveSibling(root.getFileName() + ".pcap");
    writeSyns(capture);
    Lake created = new Lake(root.toString());
    IngestJob.run(
        spark,
        new IngestConfig(
            List.of(capture.toString()),
            created,
            false,
            FramingOptions.DEFAULT_MAX_RECORD_BYTES,
            true),
        ledger(created));
    return created;
  }

  private static void writeSyns(Path capture) throws IOException {
    List<Syn> inTimeOrder = SYNS.stream().sorted(Comparator.comparing(Syn::time)).toList();
    PacketBuilder builder = new PacketBuilder();
    try (CaptureSink sink = CaptureSinks.open(capture, CaptureFileFormat.PCAP, true)) {
      int clientPort = 40000;
      for (Syn syn : inTimeOrder) {
        boolean ipv6 = syn.server().indexOf(':') >= 0;
        builder.ethernet(
            0x020000000002L,
            0x020000000001L,
            0,
            ipv6 ? PacketBuilder.ETHERTYPE_IPV6 : PacketBuilder.ETHERTYPE_IPV4);
        if (ipv6) {
          builder.ipv6(
              high(CLIENT_IPV6),
              low(CLIENT_IPV6),
              high(syn.server()),
              low(syn.server()),
              IpProtocols.TCP,
              64,
              0,
              0);
        } else {
          builder.ipv4(ipv4(CLIENT), ipv4(syn.server()), IpProtocols.TCP, 64, clientPort, 0, true);
        }
        builder.tcpSyn(clientPort++, 443, 1000, 0, TcpFlags.SYN, 64240, 1460, 7);
        int length = builder.finish(0);
        sink.write(nanos(syn.time()), builder.buffer(), length);
      }
    }
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * EpochNanos.NANOS_PER_SECOND + time.getNano();
  }

  private static int ipv4(String address) throws IOException {
    return ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getInt();
  }

  private static long high(String address) throws IOException {
    return ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getLong(0);
  }

  private static long low(String address) throws IOException {
    return ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getLong(8);
  }

  private static RunLedger ledger(Lake in) throws IOException {
    RunLedger ledger =
        new RunLedger(spark.sparkContext().hadoopConfiguration(), in, "test", Instant.now());
    ledger.started();
    return ledger;
  }

  /** One TCP SYN from the client to {@code server} at {@code time}. */
  private record Syn(String server, Instant time) {}
}
