package io.packetlake.udfs;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Makes the packetlake functions part of every session built with {@code
 * spark.sql.extensions=io.packetlake.udfs.PacketlakeExtensions}: spark-sql, Thrift server,
 * Zeppelin's {@code %sql} and {@code %pyspark} alike, with no registration call. The functions are
 * then built-in to the session (they survive {@code spark.newSession()}) and {@code DESCRIBE
 * FUNCTION} shows their usage.
 */
public final class PacketlakeExtensions implements SparkSessionExtensionsProvider {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    requireNonNull(extensions, "extensions is null");
    for (SqlFunction function : PacketlakeFunctions.functions()) {
      ExpressionInfo info =
          new ExpressionInfo(
              PacketlakeFunctions.class.getName(),
              null,
              function.name(),
              function.usage(),
              "",
              "",
              "\n    Example: " + function.example() + "\n  ",
              "",
              "",
              "",
              "");
      extensions.injectFunction(
          new Tuple3<>(FunctionIdentifier.apply(function.name()), info, new Builder(function)));
    }
    return BoxedUnit.UNIT;
  }

  /** Builds the call expression of one function from its argument expressions. */
  private static final class Builder extends AbstractFunction1<Seq<Expression>, Expression>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SqlFunction function;

    Builder(SqlFunction function) {
      this.function = requireNonNull(function, "function is null");
    }

    @Override
    public Expression apply(Seq<Expression> arguments) {
      if (arguments.size() != function.arguments()) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot call %s: it takes %s arguments, got %s",
                function.name(), function.arguments(), arguments.size()));
      }
      return UserDefinedFunctionUtils.toScalaUDF(
          (SparkUserDefinedFunction) function.function(), arguments);
    }
  }
}
