package io.packetlake.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.conf.LakeFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Parquet file of every table of a lake built from real captures says, in its footer, which
 * schema version wrote it, and carries its table's column comments.
 */
final class TestSchemaVersion {
  /** Where Spark stores the schema of the rows it wrote, with each column's metadata. */
  private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private static SparkSession spark;
  @TempDir static Path directory;
  private static Lake lake;

  @BeforeAll
  static void buildLake() throws IOException {
    spark = LakeFixture.session("TestSchemaVersion");
    // Read only: the lake the conf, notebook and DuckDB tests share in this JVM.
    lake = LakeFixture.shared(spark);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void everyFileOfEveryTableCarriesTheSchemaVersionAndTheCatalogsComments() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (TableCatalog table : Pipeline.catalogs()) {
      Map<String, String> comments =
          table.columns().stream()
              .collect(Collectors.toMap(TableColumn::name, TableColumn::comment));
      List<Path> files = dataFiles(Paths.get(lake.table(table.name())));
      assertThat(files).as(table.name()).isNotEmpty();
      for (Path file : files) {
        StructType written = writtenSchema(conf, file);
        assertThat(written.fieldNames()).as(file.toString()).isNotEmpty();
        for (StructField field : written.fields()) {
          String where = file + ", column " + field.name();
          assertThat(field.metadata().contains(SchemaVersion.METADATA_KEY)).as(where).isTrue();
          assertThat(field.metadata().getLong(SchemaVersion.METADATA_KEY))
              .as(where)
              .isEqualTo(SchemaVersion.CURRENT);
          assertThat(comments).as(where).containsKey(field.name());
          assertThat(field.metadata().getString("comment"))
              .as(where)
              .isEqualTo(comments.get(field.name()));
        }
      }
    }
  }

  /**
   * The check above tells files apart: one Spark writes outside the lake's write has no version.
   */
  @Test
  void fileWrittenWithoutTheLakesWriteHasNoVersion() throws IOException {
    Path other = directory.resolve("not-a-table");
    spark.range(3).write().parquet(other.toString());

    List<Path> files = dataFiles(other);
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (StructField field :
          writtenSchema(spark.sparkContext().hadoopConfiguration(), file).fields()) {
        assertThat(field.metadata().contains(SchemaVersion.METADATA_KEY)).isFalse();
      }
    }
  }

  /** The Spark schema stored in the file's footer: the data columns as the write had them. */
  private static StructType writtenSchema(Configuration conf, Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
      String json =
          reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
      assertThat(json).as(file.toString()).isNotNull();
      return (StructType) DataType.fromJson(json);
    }
  }

  /** The visible Parquet files of a table (staging and other hidden entries are not the table). */
  private static List<Path> dataFiles(Path table) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(table)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        Path relative = table.relativize(file);
        boolean hidden = false;
        for (Path part : relative) {
          hidden |= part.toString().startsWith(".") || part.toString().startsWith("_");
        }
        if (!hidden && file.getFileName().toString().endsWith(".parquet")) {
          files.add(file);
        }
      }
    }
    return files;
  }
}
