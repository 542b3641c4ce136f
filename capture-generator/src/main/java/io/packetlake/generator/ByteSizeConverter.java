package io.packetlake.generator;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte sizes with a k/m/g/t suffix ({@link OptionValues#parseByteSize}) as a picocli option type;
 * shared by every command that takes one.
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return OptionValues.parseByteSize(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
