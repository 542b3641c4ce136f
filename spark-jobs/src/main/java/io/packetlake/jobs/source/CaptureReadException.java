package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.hadoop.SplitBoundaryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A capture the {@code pcap} source could not read: which capture, the byte offset when the reader
 * knows it, what kind of failure it is, and the reader's own exception as the cause. Every read
 * failure of the source's readers is one of these, so whoever runs a job over the source (ingest)
 * finds the capture by walking the cause chain of the job's failure, whatever Spark wrapped it in.
 *
 * <p>Spark hands a task's exception to the driver serialized, as the cause of the job's {@code
 * SparkException}. It drops the exception and keeps only its text when the driver cannot
 * deserialize it (Spark logs "Task exception could not be deserialized"), which happens when the
 * driver's class path lacks a class of the chain: never for the job jar's own driver, but possible
 * for a driver built elsewhere. For that case only, the message has a stable form that {@link
 * #in(Throwable)} reads back: {@code Cannot read capture <path>[ at offset <n>] (<kind>): <why>}.
 */
public final class CaptureReadException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final long UNKNOWN_OFFSET = -1;
  private static final Pattern MESSAGE =
      Pattern.compile(
          Pattern.quote(CaptureReadException.class.getName())
              + ": Cannot read capture (.+?)(?: at offset (\\d+))? \\(("
              + String.join("|", Kind.texts())
              + ")\\): ([^\\n]*)");

  /** What went wrong, which decides what a job can do about it. */
  public enum Kind {
    /**
     * The record boundaries proven for the capture's splits are not on one record chain (damaged
     * lengths): reading the capture unsplit is safe.
     */
    INCONSISTENT_SPLITS("inconsistent splits"),
    /** The capture is damaged where its records are, and the reader was told to fail on that. */
    CORRUPT("corrupt capture"),
    /** Reading the bytes failed (the file system): nothing says the capture is damaged. */
    READ_FAILURE("read failure");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    private static Kind ofText(String text) {
      for (Kind kind : values()) {
        if (kind.text.equals(text)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("Cannot find failure kind " + text);
    }

    private static String[] texts() {
      String[] texts = new String[values().length];
      for (Kind kind : values()) {
        texts[kind.ordinal()] = Pattern.quote(kind.text);
      }
      return texts;
    }
  }

  private final String capture;
  private final long offset;
  private final Kind kind;

  private CaptureReadException(String capture, long offset, Kind kind, String why) {
    super(
        String.format(
            "Cannot read capture %s%s (%s): %s",
            requireNonNull(capture, "capture is null"),
            offset == UNKNOWN_OFFSET ? "" : " at offset " + offset,
            requireNonNull(kind, "kind is null").text,
            why));
    this.capture = capture;
    this.offset = offset;
    this.kind = kind;
  }

  /** The failure of reading {@code capture}, with the reader's exception as cause. */
  static CaptureReadException of(String capture, IOException cause) {
    requireNonNull(cause, "cause is null");
    CaptureReadException failure;
    if (cause instanceof CorruptCaptureException corrupt) {
      Kind kind =
          corrupt instanceof SplitBoundaryException ? Kind.INCONSISTENT_SPLITS : Kind.CORRUPT;
      failure = new CaptureReadException(capture, corrupt.offset(), kind, reason(corrupt));
    } else {
      failure =
          new CaptureReadException(capture, UNKNOWN_OFFSET, Kind.READ_FAILURE, cause.toString());
    }
    failure.initCause(cause);
    return failure;
  }

  /** The fully qualified path of the capture. */
  public String capture() {
    return capture;
  }

  /** The byte offset in the capture (uncompressed, for a compressed one) where reading failed. */
  public OptionalLong offset() {
    return offset == UNKNOWN_OFFSET ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The capture read failure {@code failure} is or was caused by: the exception itself when it is
   * in the cause chain, else one read back from the text of an exception Spark could not hand over
   * (see the class comment), without a cause.
   */
  public static Optional<CaptureReadException> in(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      if (cause instanceof CaptureReadException read) {
        return Optional.of(read);
      }
      chain.add(cause);
    }
    for (Throwable cause : chain) {
      Matcher matcher = MESSAGE.matcher(String.valueOf(cause.getMessage()));
      if (matcher.find()) {
        long offset = matcher.group(2) == null ? UNKNOWN_OFFSET : Long.parseLong(matcher.group(2));
        return Optional.of(
            new CaptureReadException(
                matcher.group(1), offset, Kind.ofText(matcher.group(3)), matcher.group(4)));
      }
    }
    return Optional.empty();
  }

  /**
   * The reason part of a {@link CorruptCaptureException}'s message, whose form is fixed: {@code
   * Cannot read capture <source> at offset <offset>: <reason>}.
   */
  private static String reason(CorruptCaptureException corrupt) {
    String prefix =
        String.format("Cannot read capture %s at offset %s: ", corrupt.source(), corrupt.offset());
    String message = corrupt.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
