package io.packetlake.udfs;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * One SQL function: its name, number of arguments, the Spark function and its documentation, as
 * shown by {@code DESCRIBE FUNCTION EXTENDED name} when registered through the extensions.
 */
public record SqlFunction(
    String name, int arguments, UserDefinedFunction function, String usage, String example) {
  public SqlFunction {
    requireNonNull(name, "name is null");
    requireNonNull(function, "function is null");
    requireNonNull(usage, "usage is null");
    requireNonNull(example, "example is null");
    if (arguments < 1) {
      throw new IllegalArgumentException("Cannot define function " + name + ": no arguments");
    }
  }
}
