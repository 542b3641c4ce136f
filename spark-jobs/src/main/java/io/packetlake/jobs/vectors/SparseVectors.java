package io.packetlake.jobs.vectors;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sparse vectors as rows of (index, value) and back, so that SQL aggregations can add vectors up
 * entry by entry. A sum of vectors grouped this way holds at most one entry per feature, so no row
 * grows past the vector size, whatever the number of vectors summed (a year of a resolver's days).
 */
final class SparseVectors {
  /** The index field of an entry. */
  static final String INDEX = "index";

  /** The value field of an entry. */
  static final String VALUE = "value";

  /** array<struct<index:int,value:double>>: the entries of a vector. */
  static final DataType ENTRIES =
      DataTypes.createArrayType(
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(INDEX, DataTypes.IntegerType, false),
                  DataTypes.createStructField(VALUE, DataTypes.DoubleType, false))),
          false);

  private SparseVectors() {}

  /** The non-zero entries of a vector column, in index order; empty for null. */
  static Column entries(Column vector) {
    return functions
        .udf((UDF1<Vector, List<Row>>) SparseVectors::entriesOf, ENTRIES)
        .asNonNullable()
        .withName("vector_entries")
        .apply(vector);
  }

  /**
   * The sparse vector of {@code size} holding an array of (index, value) structs; null or empty
   * arrays give the zero vector. Indexes must be distinct and in [0, size).
   */
  static Column vector(Column entries, int size) {
    return functions
        .udf((UDF1<Seq<Row>, Vector>) rows -> vectorOf(size, rows), SQLDataTypes.VectorType())
        .asNonNullable()
        .withName("entries_vector")
        .apply(entries);
  }

  static List<Row> entriesOf(Vector vector) {
    List<Row> entries = new ArrayList<>();
    if (vector == null) {
      return entries;
    }
    SparseVector sparse = vector.toSparse();
    int[] indices = sparse.indices();
    double[] values = sparse.values();
    for (int position = 0; position < indices.length; position++) {
      entries.add(RowFactory.create(indices[position], values[position]));
    }
    return entries;
  }

  static Vector vectorOf(int size, Seq<Row> rows) {
    if (rows == null) {
      return Vectors.sparse(size, new int[0], new double[0]);
    }
    List<Row> entries = new ArrayList<>(CollectionConverters.asJava(rows));
    entries.sort((left, right) -> Integer.compare(left.getInt(0), right.getInt(0)));
    int[] indices = new int[entries.size()];
    double[] values = new double[entries.size()];
    for (int position = 0; position < indices.length; position++) {
      indices[position] = entries.get(position).getInt(0);
      values[position] = entries.get(position).getDouble(1);
    }
    return Vectors.sparse(size, indices, values);
  }
}
