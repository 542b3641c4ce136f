package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.hadoop.SplitBoundaryException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A capture the {@code pcap} source could not read: which capture, the byte offset when the reader
 * knows it, what kind of failure it is, and the reader's own exception as the cause. Every read
 * failure of the source's readers is one of these, so whoever runs a job over the source (ingest)
 * finds the capture by walking the cause chain of the job's failure, whatever Spark wrapped it in.
 *
 * <p>Spark hands a task's exception to the driver serialized, as the cause of the job's {@code
 * SparkException}. It would keep only the text if the driver could not deserialize it, which needs
 * a class of the chain missing from the driver's class path: the job jar carries every class of the
 * chain (this one, the framing exceptions, the JDK's), so the driver always gets the exception
 * itself. Its message, {@code Cannot read capture <path>[ at offset <n>] (<kind>): <why>}, is for
 * people; nothing parses it.
 */
public final class CaptureReadException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final long UNKNOWN_OFFSET = -1;

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
      failure = new CaptureReadException(capture, corrupt.offset(), kind, corrupt.reason());
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

  /** The capture read failure in {@code failure}'s cause chain, if there is one. */
  public static Optional<CaptureReadException> in(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      if (cause instanceof CaptureReadException read) {
        return Optional.of(read);
      }
    }
    return Optional.empty();
  }
}
