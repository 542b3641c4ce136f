package io.packetlake.pcap.framing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens the right {@link CaptureReader} for a file by looking at its magic number. */
public final class CaptureReaders {
  private CaptureReaders() {}

  /**
   * Reads the file header at offset 0 of {@code window} and returns a reader positioned at the
   * first record.
   *
   * @throws CorruptCaptureException when the file is neither pcap nor pcapng, or its header is bad
   */
  public static CaptureReader open(String source, ByteWindow window, FramingOptions options)
      throws IOException {
    CaptureReader reader;
    try {
      reader = openFormat(source, window, options);
    } catch (CorruptCaptureException e) {
      // A header cut by a damaged compressed stream: say why it is cut.
      if (window.damage() != null) {
        throw DecompressedReader.damaged(source, window);
      }
      throw e;
    }
    return window.isSeekable() ? reader : new DecompressedReader(source, window, reader, options);
  }

  private static CaptureReader openFormat(String source, ByteWindow window, FramingOptions options)
      throws IOException {
    int available = window.ensure(0, 4);
    if (available < 4) {
      throw new CorruptCaptureException(
          source, 0, "file is " + available + " bytes, too short for a capture header");
    }
    int magic = window.int32(0, true);
    CaptureFormat format = CaptureFormat.fromMagic(magic);
    if (format == null) {
      throw new CorruptCaptureException(
          source, 0, String.format("not a pcap or pcapng file (magic 0x%08x)", magic));
    }
    return switch (format) {
      case PCAP -> new PcapReader(source, window, PcapFileHeader.read(window, source), options);
      case PCAPNG -> new PcapngReader(source, window, options);
    };
  }

  /**
   * A local capture, gzip-compressed or not, for tools that read whole files without Hadoop.
   * Closing the returned handle closes the file.
   */
  public static OpenCapture openLocal(Path path, FramingOptions options) throws IOException {
    String source = path.toString();
    FileSource file = new FileSource(path);
    try {
      byte[] head = new byte[2];
      boolean gzip =
          file.read(0, head, 0, 2) == 2 && head[0] == (byte) 0x1F && head[1] == (byte) 0x8B;
      if (!gzip) {
        return new OpenCapture(open(source, ByteWindow.of(file), options), file);
      }
      file.close();
      CompressedInput compressed =
          new CompressedInput(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
      InputStream stream;
      try {
        stream = new GZIPInputStream(compressed, 1 << 16);
      } catch (IOException | RuntimeException e) {
        compressed.close();
        if (compressed.failed()) {
          throw e;
        }
        throw new CorruptCaptureException(source, 0, "bad gzip header: " + e, e);
      }
      try {
        return new OpenCapture(
            open(source, ByteWindow.ofDecompressed(stream, compressed), options), stream);
      } catch (IOException | RuntimeException e) {
        stream.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** A reader together with what must be closed after it. */
  public record OpenCapture(CaptureReader reader, java.io.Closeable resource)
      implements java.io.Closeable {
    @Override
    public void close() throws IOException {
      resource.close();
    }
  }
}
