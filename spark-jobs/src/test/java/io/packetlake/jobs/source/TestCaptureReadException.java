package io.packetlake.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.source.CaptureReadException.Kind;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.hadoop.SplitBoundaryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * The capture read failure as the source's readers raise it and as a job finds it in what Spark
 * hands the driver. The end-to-end cases (a damaged capture failing a real write) are in
 * TestIngestJob and TestCrashSafety.
 */
final class TestCaptureReadException {
  private static final String CAPTURE = "hdfs://namenode/captures/2024/01/01/edge 1.pcap";

  @Test
  void corruptRegionNamesCaptureOffsetAndReason() {
    CorruptCaptureException corrupt =
        new CorruptCaptureException(CAPTURE, 4242, "incl_len 9999999 exceeds the maximum");

    CaptureReadException failure = CaptureReadException.of(CAPTURE, corrupt);

    assertThat(failure.capture()).isEqualTo(CAPTURE);
    assertThat(failure.offset()).hasValue(4242);
    assertThat(failure.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(failure.getCause()).isSameAs(corrupt);
    assertThat(failure)
        .hasMessage(
            "Cannot read capture "
                + CAPTURE
                + " at offset 4242 (corrupt capture): incl_len 9999999 exceeds the maximum");
  }

  @Test
  void inconsistentSplitsAreTheirOwnKind() {
    CaptureReadException failure =
        CaptureReadException.of(CAPTURE, new SplitBoundaryException(CAPTURE, 32768, 32800));

    assertThat(failure.kind()).isEqualTo(Kind.INCONSISTENT_SPLITS);
    assertThat(failure.offset()).hasValue(32768);
    assertThat(failure).hasMessageContaining("(inconsistent splits): the record boundary");
  }

  @Test
  void otherReadFailureHasNoOffset() {
    CaptureReadException failure =
        CaptureReadException.of(CAPTURE, new IOException("Filesystem closed"));

    assertThat(failure.kind()).isEqualTo(Kind.READ_FAILURE);
    assertThat(failure.offset()).isEmpty();
    assertThat(failure)
        .hasMessage(
            "Cannot read capture "
                + CAPTURE
                + " (read failure): java.io.IOException: Filesystem closed");
  }

  @Test
  void foundByTypeInTheCauseChainSparkHandsOver() throws Exception {
    CaptureReadException original =
        CaptureReadException.of(CAPTURE, new CorruptCaptureException(CAPTURE, 17, "damaged"));
    // As an executor's failure reaches the driver: serialized, inside Spark's own exceptions.
    Throwable received =
        new SparkException(
            "Job aborted due to stage failure",
            serializedAndBack(new SparkException("Task failed while writing rows", original)));

    CaptureReadException found = CaptureReadException.in(received).orElseThrow();

    assertThat(found).isNotSameAs(original).hasMessage(original.getMessage());
    assertThat(found.getCause()).isInstanceOf(CorruptCaptureException.class);
    assertThat(found.capture()).isEqualTo(CAPTURE);
    assertThat(found.offset()).hasValue(17);
    assertThat(found.kind()).isEqualTo(Kind.CORRUPT);
  }

  @Test
  void messageTextIsNeverParsed() {
    CaptureReadException original =
        CaptureReadException.of(CAPTURE, new SplitBoundaryException(CAPTURE, 65536, 65600));
    // A failure that only quotes the exception's text does not carry it: only the type counts.
    Throwable textOnly =
        new SparkException(
            "Job aborted due to stage failure: "
                + stackTrace(new SparkException("Task failed while writing rows", original)));

    assertThat(CaptureReadException.in(textOnly)).isEmpty();
  }

  @Test
  void otherFailuresAreNotCaptureReadFailures() {
    Throwable failure =
        new SparkException(
            "Job aborted",
            new CorruptCaptureException(CAPTURE, 0, "not a pcap or pcapng file (magic 0x0)"));

    assertThat(CaptureReadException.in(failure)).isEmpty();
    assertThat(CaptureReadException.in(new IllegalStateException((String) null))).isEmpty();
  }

  private static Throwable serializedAndBack(Throwable failure) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(failure);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Throwable) in.readObject();
    }
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
