package io.packetlake.jobs.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packetlake.pcap.hadoop.PcapInputConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The options of {@code spark.read.format("pcap")}. Option names are case-insensitive (Spark
 * lower-cases them).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>meaning</th></tr>
 *   <tr><td>{@code path}, {@code paths}</td><td>files, directories (read recursively, hidden
 *       files skipped) or globs, on any Hadoop file system</td></tr>
 *   <tr><td>{@code maxRecordBytes}</td><td>{@link PcapInputConfig#MAX_RECORD_BYTES}</td></tr>
 *   <tr><td>{@code split}</td><td>{@link PcapInputConfig#SPLIT}</td></tr>
 *   <tr><td>{@code unsplitPaths}</td><td>{@link PcapInputConfig#UNSPLIT_PATHS}</td></tr>
 *   <tr><td>{@code corruptRegions}</td><td>{@link PcapInputConfig#CORRUPT_REGIONS}</td></tr>
 *   <tr><td>{@code maxSplitBytes}</td><td>largest split in bytes (Hadoop's {@code
 *       mapreduce.input.fileinputformat.split.maxsize}); default the file system's block
 *       size</td></tr>
 *   <tr><td>{@code packetlake.*}</td><td>any reader key, copied into the Hadoop
 *       configuration as it is</td></tr>
 *   <tr><td>{@code rows}</td><td>{@code packets} (default): one row per record with the packets
 *       table's schema; {@code payloads}: one row per packet that the application-layer pass
 *       examines, with its payload ({@link PayloadRows#SCHEMA})</td></tr>
 *   <tr><td>{@code captureIds}</td><td>a JSON object of fully qualified path to capture id: the
 *       files to read, with ids already computed (ingest passes it); the paths are then not
 *       listed again</td></tr>
 * </table>
 *
 * Keys not given fall back to the session's Hadoop configuration ({@code spark.hadoop.*}).
 */
final class PcapSourceOptions {
  static final String PATH = "path";
  static final String PATHS = "paths";
  static final String MAX_RECORD_BYTES = "maxRecordBytes";
  static final String SPLIT = "split";
  static final String UNSPLIT_PATHS = "unsplitPaths";
  static final String CORRUPT_REGIONS = "corruptRegions";
  static final String MAX_SPLIT_BYTES = "maxSplitBytes";
  static final String CAPTURE_IDS = "captureIds";
  static final String ROWS = "rows";

  static final String PACKET_ROWS = "packets";
  static final String PAYLOAD_ROWS = "payloads";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READER_PREFIX = "packetlake.";

  private PcapSourceOptions() {}

  /** The inputs named by {@code path} and {@code paths}, in order. */
  static List<String> paths(Map<String, String> options) {
    List<String> paths = new ArrayList<>();
    String path = get(options, PATH);
    if (path != null) {
      paths.add(path);
    }
    String many = get(options, PATHS);
    if (many != null) {
      try {
        paths.addAll(JSON.readValue(many, new TypeReference<List<String>>() {}));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "Cannot read pcap: option paths is not a JSON array of strings: " + many, e);
      }
    }
    return paths;
  }

  /** Whether option {@code rows} asks for payload rows rather than packets. */
  static boolean payloadRows(Map<String, String> options) {
    String rows = get(options, ROWS);
    if (rows == null || rows.equalsIgnoreCase(PACKET_ROWS)) {
      return false;
    }
    if (rows.equalsIgnoreCase(PAYLOAD_ROWS)) {
      return true;
    }
    throw new IllegalArgumentException(
        String.format(
            "Cannot read pcap: option %s must be %s or %s: '%s'",
            ROWS, PACKET_ROWS, PAYLOAD_ROWS, rows));
  }

  /** The {@code captureIds} option, or null when it is not given. */
  static Map<String, String> captureIds(Map<String, String> options) {
    String value = get(options, CAPTURE_IDS);
    if (value == null) {
      return null;
    }
    try {
      return new LinkedHashMap<>(
          JSON.readValue(value, new TypeReference<LinkedHashMap<String, String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot read pcap: option captureIds is not a JSON object of path to capture id", e);
    }
  }

  /** The {@code captureIds} option value for these files. */
  static String captureIdsJson(Map<String, String> idsByPath) {
    try {
      return JSON.writeValueAsString(requireNonNull(idsByPath, "idsByPath is null"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of {@code base} with the reader options applied. */
  static Configuration hadoopConfiguration(Configuration base, Map<String, String> options) {
    Configuration conf = new Configuration(base);
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getKey().toLowerCase(Locale.ROOT).startsWith(READER_PREFIX)) {
        conf.set(option.getKey().toLowerCase(Locale.ROOT), option.getValue());
      }
    }
    String maxRecordBytes = get(options, MAX_RECORD_BYTES);
    if (maxRecordBytes != null) {
      conf.setInt(PcapInputConfig.MAX_RECORD_BYTES, positiveInt(MAX_RECORD_BYTES, maxRecordBytes));
    }
    String split = get(options, SPLIT);
    if (split != null) {
      conf.setBoolean(PcapInputConfig.SPLIT, bool(SPLIT, split));
    }
    String unsplit = get(options, UNSPLIT_PATHS);
    if (unsplit != null) {
      conf.set(PcapInputConfig.UNSPLIT_PATHS, unsplit);
    }
    String corrupt = get(options, CORRUPT_REGIONS);
    if (corrupt != null) {
      conf.set(PcapInputConfig.CORRUPT_REGIONS, corrupt);
    }
    String maxSplitBytes = get(options, MAX_SPLIT_BYTES);
    if (maxSplitBytes != null) {
      conf.setLong(FileInputFormat.SPLIT_MAXSIZE, positiveInt(MAX_SPLIT_BYTES, maxSplitBytes));
    }
    // Fails here, on the driver, rather than in every task.
    PcapInputConfig.framingOptions(conf);
    return conf;
  }

  private static String get(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value != null) {
      return value;
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getKey().equalsIgnoreCase(name)) {
        return option.getValue();
      }
    }
    return null;
  }

  private static int positiveInt(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        String.format("Cannot read pcap: option %s must be a positive integer: '%s'", name, value));
  }

  private static boolean bool(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              String.format(
                  "Cannot read pcap: option %s must be true or false: '%s'", name, value));
    };
  }
}
