package io.packetlake.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The functions jar an analyst adds to {@code spark.jars} ({@code
 * packetlake-udfs-<version>-standalone.jar}) holds every packetlake class its classes refer to:
 * with only it and Spark on the class path, no function fails for a missing class.
 */
class TestFunctionsJarContents {
  private static final String PROJECT_PACKAGE = "io/packetlake/";

  @Test
  void holdsEveryPacketlakeClassItsClassesReferTo() throws IOException {
    String property = System.getProperty("packetlake.udfs.jar");
    assertThat(property).as("system property packetlake.udfs.jar").isNotBlank();
    Path jar = Path.of(property);
    assertThat(jar).as("the packaged functions jar (mvn package)").isRegularFile();

    Set<String> classes = new TreeSet<>();
    Set<String> referenced = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().toList()) {
        String name = entry.getName();
        if (name.startsWith(PROJECT_PACKAGE) && name.endsWith(".class")) {
          classes.add(name.substring(0, name.length() - ".class".length()));
          try (InputStream in = file.getInputStream(entry)) {
            for (String reference : classReferences(in)) {
              if (reference.startsWith(PROJECT_PACKAGE)) {
                referenced.add(reference);
              }
            }
          }
        }
      }
    }
    assertThat(classes)
        .contains(
            "io/packetlake/udfs/PacketlakeExtensions",
            "io/packetlake/pcap/decode/Addresses",
            "io/packetlake/shaded/com/google/common/net/InternetDomainName");
    assertThat(classes).as("classes the functions refer to").containsAll(referenced);
  }

  /** The classes a class file's constant pool names (JVMS 4.4), arrays by their element type. */
  private static List<String> classReferences(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    in.readInt(); // magic
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNameIndexes = new ArrayList<>();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[index] = in.readUTF();
        case 7 -> classNameIndexes.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          index++; // 8-byte constants take two entries
        }
        default -> throw new IOException("Cannot read class file: constant tag " + tag);
      }
    }
    List<String> names = new ArrayList<>();
    for (int index : classNameIndexes) {
      names.add(utf8[index].replaceFirst("^\\[+L", "").replaceFirst(";$", ""));
    }
    return names;
  }
}
