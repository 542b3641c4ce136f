package io.packetlake.generator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * What to generate. The same configuration always produces the same bytes.
 *
 * @param seed seeds every random choice
 * @param start the earliest timestamp; no packet is earlier
 * @param span how long the traffic lasts; no packet is later than {@code start + span}
 * @param hosts how many local hosts talk (one of them is the site's DNS resolver); the remote
 *     servers they reach are five times as many, at least 100 and at most 50,000
 * @param limit when to stop
 */
public record GeneratorConfig(
    long seed, Instant start, Duration span, int hosts, GenerationLimit limit) {
  public static final long DEFAULT_SEED = 1L;
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");
  public static final Duration DEFAULT_SPAN = Duration.ofDays(2);
  public static final int DEFAULT_HOSTS = 200;
  public static final GenerationLimit DEFAULT_LIMIT = GenerationLimit.packets(100_000);

  public static final int MINIMUM_HOSTS = 2;
  public static final int MAXIMUM_HOSTS = 100_000;

  // Classic pcap stores seconds in an unsigned 32-bit field.
  private static final Instant LATEST_END = Instant.ofEpochSecond(0xFFFF_FFFFL);

  public GeneratorConfig {
    requireNonNull(start, "start is null");
    requireNonNull(span, "span is null");
    requireNonNull(limit, "limit is null");
    if (start.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException(
          "Cannot generate traffic: start " + start + " is before 1970");
    }
    if (span.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "Cannot generate traffic: span " + span + " is shorter than one second");
    }
    if (start.plus(span).isAfter(LATEST_END)) {
      throw new IllegalArgumentException(
          "Cannot generate traffic: end " + start.plus(span) + " is after " + LATEST_END);
    }
    if (hosts < MINIMUM_HOSTS || hosts > MAXIMUM_HOSTS) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot generate traffic: hosts must be between %s and %s: %s",
              MINIMUM_HOSTS, MAXIMUM_HOSTS, hosts));
    }
  }

  public static GeneratorConfig defaults() {
    return new GeneratorConfig(
        DEFAULT_SEED, DEFAULT_START, DEFAULT_SPAN, DEFAULT_HOSTS, DEFAULT_LIMIT);
  }

  public Instant end() {
    return start.plus(span);
  }

  public GeneratorConfig withSeed(long value) {
    return new GeneratorConfig(value, start, span, hosts, limit);
  }

  public GeneratorConfig withStart(Instant value) {
    return new GeneratorConfig(seed, value, span, hosts, limit);
  }

  public GeneratorConfig withSpan(Duration value) {
    return new GeneratorConfig(seed, start, value, hosts, limit);
  }

  public GeneratorConfig withHosts(int value) {
    return new GeneratorConfig(seed, start, span, value, limit);
  }

  public GeneratorConfig withLimit(GenerationLimit value) {
    return new GeneratorConfig(seed, start, span, hosts, value);
  }
}
