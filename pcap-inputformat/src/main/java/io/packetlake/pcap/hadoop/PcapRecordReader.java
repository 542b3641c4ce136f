package io.packetlake.pcap.hadoop;

import io.packetlake.pcap.framing.ByteWindow;
import io.packetlake.pcap.framing.CaptureReader;
import io.packetlake.pcap.framing.CaptureReaders;
import io.packetlake.pcap.framing.CompressedInput;
import io.packetlake.pcap.framing.CorruptCaptureException;
import io.packetlake.pcap.framing.FramingOptions;
import io.packetlake.pcap.framing.PacketRecord;
import io.packetlake.pcap.framing.RecordCursor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Reads the records of one split of a capture.
 *
 * <h2>Which split owns a record</h2>
 *
 * Let {@code boundary(x)} be the first offset at or after {@code x} where a chain of consistent
 * record headers starts ({@link CaptureReader#findBoundary(long)}), or the end of the file. It
 * depends only on the file's bytes, so every task computes the same value. The split {@code [start,
 * end)} owns the records whose offsets lie in {@code [begin, boundary(end))}, where {@code begin}
 * is the first record of the file for the split at offset 0 and {@code boundary(start)} otherwise.
 * The split reads its records by following the record chain from {@code begin}; it stops at the
 * first record at or after {@code boundary(end)}, which is the next split's first record.
 *
 * <p>Every reader reads the file header (pcapng: section header and interface descriptions) at
 * offset 0 before it seeks to {@code begin}.
 *
 * <p>When a split holds no provable boundary (a corrupt region, or records whose headers do not
 * form a plausible chain), {@code boundary(start)} lies past its end, so it reads nothing and the
 * split before it reads through: no record is lost or read twice. If the chain the reader follows
 * steps over {@code boundary(end)} instead of landing on it, the next split started at a false
 * boundary; the reader fails with a {@link CorruptCaptureException} naming the file and both
 * offsets ({@link SplitBoundaryException}) rather than let duplicated or garbled records through.
 * Such files are read unsplit ({@link PcapInputConfig#UNSPLIT_PATHS}); the ingest job does that by
 * itself.
 *
 * <p>Gzip-compressed captures (by codec or by magic number) are read whole by the split at offset
 * 0; other splits of such a file read nothing. A compressed stream that is damaged part way ends
 * the records at the uncompressed offset reached, with one CORRUPT_REGION record there (or a {@link
 * CorruptCaptureException} when corrupt regions fail the read); see {@link
 * ByteWindow#ofDecompressed}.
 */
public final class PcapRecordReader extends RecordReader<LongWritable, PacketWritable> {
  private String source;
  private CaptureReader reader;
  private Closeable resource;
  private Decompressor decompressor;
  private long begin;
  private long end;
  private LongWritable key;
  private PacketWritable value;
  private boolean finished;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    Configuration conf = context.getConfiguration();
    FramingOptions options = PcapInputConfig.framingOptions(conf);
    Path path = split.getPath();
    source = path.toString();
    FileSystem fileSystem = path.getFileSystem(conf);
    long fileLength = fileSystem.getFileStatus(path).getLen();
    long splitStart = split.getStart();
    long splitEnd = splitStart + split.getLength();

    FSDataInputStream input = fileSystem.open(path);
    resource = input;
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    if (codec != null || startsWithGzipMagic(input, fileLength)) {
      if (splitStart != 0) {
        finished = true;
        return;
      }
      input.seek(0);
      CompressedInput compressed = new CompressedInput(input);
      InputStream stream;
      try {
        if (codec != null) {
          decompressor = CodecPool.getDecompressor(codec);
          stream = codec.createInputStream(compressed, decompressor);
        } else {
          stream = new GZIPInputStream(compressed, 1 << 16);
        }
      } catch (IOException e) {
        if (compressed.failed()) {
          throw e;
        }
        throw new CorruptCaptureException(source, 0, "bad compressed stream header: " + e, e);
      }
      resource = stream;
      reader = CaptureReaders.open(source, ByteWindow.ofDecompressed(stream, compressed), options);
      begin = reader.firstRecordOffset();
      end = Long.MAX_VALUE;
      return;
    }

    reader =
        CaptureReaders.open(source, ByteWindow.of(new HadoopSource(input, fileLength)), options);
    begin = splitStart == 0 ? reader.firstRecordOffset() : reader.findBoundary(splitStart);
    end = splitEnd >= fileLength ? fileLength : reader.findBoundary(splitEnd);
    if (begin >= end) {
      finished = true;
      return;
    }
    if (begin != reader.position()) {
      reader.seek(begin);
    }
  }

  private static boolean startsWithGzipMagic(FSDataInputStream input, long fileLength)
      throws IOException {
    if (fileLength < 2) {
      return false;
    }
    byte[] head = new byte[2];
    input.readFully(0, head);
    return head[0] == (byte) 0x1F && head[1] == (byte) 0x8B;
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (finished) {
      return false;
    }
    PacketRecord record = reader.next(end);
    if (record == null) {
      return endOfSplit();
    }
    key = new LongWritable(record.offset());
    value = new PacketWritable(record);
    return true;
  }

  /**
   * Like {@link #nextKeyValue()}, with the same records, ownership rule and failures, but fills
   * {@code cursor} instead of making a key, a value and a copy of the packet's bytes: for callers
   * that read millions of records. The cursor's bytes are valid until the next call on this reader;
   * {@link #getCurrentKey()} and {@link #getCurrentValue()} are not updated.
   *
   * @return false when the split has no more records
   * @throws SplitBoundaryException as {@link #nextKeyValue()}
   * @throws CorruptCaptureException as {@link #nextKeyValue()}
   */
  public boolean next(RecordCursor cursor) throws IOException {
    if (finished) {
      return false;
    }
    return reader.next(cursor, end) || endOfSplit();
  }

  /** Ends the split: false, unless the record chain stepped over the next split's first record. */
  private boolean endOfSplit() throws SplitBoundaryException {
    finished = true;
    long position = reader.position();
    if (end != Long.MAX_VALUE && position > end) {
      throw new SplitBoundaryException(source, end, position);
    }
    return false;
  }

  /** The path of the capture, as the records' {@link PacketRecord#source()}. */
  public String source() {
    return source;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public PacketWritable getCurrentValue() {
    return value;
  }

  /** Byte offset of the next record this reader would read. */
  public long position() {
    return reader == null ? begin : reader.position();
  }

  @Override
  public float getProgress() {
    if (finished || reader == null) {
      return 1.0f;
    }
    if (end == Long.MAX_VALUE || end <= begin) {
      return 0.0f;
    }
    return Math.min(1.0f, (reader.position() - begin) / (float) (end - begin));
  }

  @Override
  public void close() throws IOException {
    try {
      if (resource != null) {
        resource.close();
      }
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }
}
