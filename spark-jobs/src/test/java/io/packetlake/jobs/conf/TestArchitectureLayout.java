package io.packetlake.jobs.conf;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md's "Layout" section matches the repository: every module of the root pom and
 * every main Java package is listed, and every module, package, folder and class the section names
 * exists where it says.
 *
 * <p>The section's tables are read by their first cell: a module folder ({@code `udfs`}), a package
 * followed by its module ({@code `io.packetlake.udfs` | `udfs`}), or another folder ({@code
 * `conf/`}).
 */
final class TestArchitectureLayout {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path ARCHITECTURE = ROOT.resolve("docs").resolve("ARCHITECTURE.md");

  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  /** A table row whose first cell is in backquotes, and the rest of the row. */
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|(.*)$", Pattern.MULTILINE);

  private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

  private static String architecture;

  @BeforeAll
  static void readArchitecture() throws IOException {
    architecture = Files.readString(ARCHITECTURE, StandardCharsets.UTF_8);
  }

  @Test
  void layoutSectionListsEveryModuleAndPackageAndOnlyWhatExists() throws IOException {
    assertThat(problems(layoutSection(architecture)))
        .as("docs/ARCHITECTURE.md, section Layout, against the repository")
        .isEmpty();
  }

  /** The check notices a package or a module left out, and a listed path that does not exist. */
  @Test
  void droppedOrInventedLinesAreReported() throws IOException {
    String section = layoutSection(architecture);
    String withoutPackage = withoutRow(section, "`io.packetlake.jobs.lake`");
    assertThat(problems(withoutPackage))
        .containsExactly(
            "Main package io.packetlake.jobs.lake of spark-jobs is not listed; add a line saying"
                + " what it holds");

    String withoutModule = withoutRow(section, "`capture-generator` | `packetlake-generator`");
    assertThat(problems(withoutModule))
        .containsExactly("Module capture-generator is not listed; add a line saying what it holds");

    String invented =
        section
            + "| `io.packetlake.jobs.reports` | `spark-jobs` | reports (`ReportJob`) |\n"
            + "| `scripts/` | helper scripts |\n";
    assertThat(problems(invented))
        .containsExactlyInAnyOrder(
            "Package io.packetlake.jobs.reports is listed under spark-jobs but"
                + " spark-jobs/src/main/java/io/packetlake/jobs/reports holds no Java file",
            "Class ReportJob is named in the line of io.packetlake.jobs.reports but"
                + " spark-jobs/src/main/java/io/packetlake/jobs/reports/ReportJob.java does not"
                + " exist",
            "Folder scripts/ is listed but does not exist");

    String misplacedClass =
        section.replace("`Pipeline` (the stage order", "`PacketColumn` (the stage order");
    assertThat(problems(misplacedClass))
        .containsExactly(
            "Class PacketColumn is named in the line of io.packetlake.jobs but"
                + " spark-jobs/src/main/java/io/packetlake/jobs/PacketColumn.java does not exist");
  }

  private static List<String> problems(String section) throws IOException {
    Layout layout = Layout.parse(section);
    List<String> problems = new ArrayList<>();
    Set<String> modules = modules();
    for (String module : modules) {
      if (!layout.modules().contains(module)) {
        problems.add("Module " + module + " is not listed; add a line saying what it holds");
      }
    }
    for (String module : layout.modules()) {
      if (!modules.contains(module)) {
        problems.add("Module " + module + " is listed but is not a module of the root pom.xml");
      }
    }
    Map<String, String> packages = mainPackages();
    packages.forEach(
        (name, module) -> {
          if (!module.equals(layout.packages().get(name))) {
            problems.add(
                "Main package %s of %s is not listed; add a line saying what it holds"
                    .formatted(name, module));
          }
        });
    layout
        .packages()
        .forEach(
            (name, module) -> {
              Path directory = packageDirectory(module, name);
              if (!holdsJavaFiles(directory)) {
                problems.add(
                    "Package %s is listed under %s but %s holds no Java file"
                        .formatted(name, module, ROOT.relativize(directory)));
              }
            });
    layout
        .classes()
        .forEach(
            (name, classes) -> {
              Path directory = packageDirectory(layout.packages().get(name), name);
              for (String className : classes) {
                Path source = directory.resolve(className + ".java");
                if (!Files.isRegularFile(source)) {
                  problems.add(
                      "Class %s is named in the line of %s but %s does not exist"
                          .formatted(className, name, ROOT.relativize(source)));
                }
              }
            });
    for (String folder : layout.folders()) {
      if (!Files.isDirectory(ROOT.resolve(folder))) {
        problems.add("Folder " + folder + " is listed but does not exist");
      }
    }
    return problems;
  }

  private static String layoutSection(String document) {
    int start = document.indexOf("\n## Layout\n");
    assertThat(start).as("docs/ARCHITECTURE.md has a section \"## Layout\"").isNotNegative();
    int end = document.indexOf("\n## ", start + 1);
    return document.substring(start, end < 0 ? document.length() : end);
  }

  private static String withoutRow(String section, String rowStart) {
    String kept =
        section
            .lines()
            .filter(line -> !line.startsWith("| " + rowStart))
            .collect(Collectors.joining("\n", "", "\n"));
    assertThat(kept).as("a line starting with " + rowStart).isNotEqualTo(section);
    return kept;
  }

  /** The modules of the root pom.xml, in build order. */
  private static Set<String> modules() throws IOException {
    Matcher modules =
        MODULE.matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    Set<String> names = new LinkedHashSet<>();
    while (modules.find()) {
      names.add(modules.group(1).trim());
    }
    assertThat(names).as("modules of the root pom.xml").isNotEmpty();
    return names;
  }

  /** Every package with a Java file under a module's src/main/java, and its module. */
  private static Map<String, String> mainPackages() throws IOException {
    Map<String, String> packages = new TreeMap<>();
    for (String module : modules()) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> directories = Files.walk(sources)) {
        for (Path directory : directories.filter(Files::isDirectory).toList()) {
          if (holdsJavaFiles(directory)) {
            List<String> names = new ArrayList<>();
            sources.relativize(directory).forEach(name -> names.add(name.toString()));
            String name = String.join(".", names);
            packages.put(name, module);
          }
        }
      }
    }
    assertThat(packages).as("main packages").isNotEmpty();
    return packages;
  }

  private static Path packageDirectory(String module, String packageName) {
    return ROOT.resolve(module).resolve("src/main/java").resolve(packageName.replace('.', '/'));
  }

  private static boolean holdsJavaFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.anyMatch(
          file -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the Layout section lists: module folders, packages with their module and the classes their
   * line names, and other folders.
   */
  private record Layout(
      Set<String> modules,
      Map<String, String> packages,
      Map<String, List<String>> classes,
      Set<String> folders) {
    private Layout {
      requireNonNull(modules, "modules is null");
      requireNonNull(packages, "packages is null");
      requireNonNull(classes, "classes is null");
      requireNonNull(folders, "folders is null");
    }

    static Layout parse(String section) {
      Set<String> modules = new LinkedHashSet<>();
      Map<String, String> packages = new LinkedHashMap<>();
      Map<String, List<String>> classes = new LinkedHashMap<>();
      Set<String> folders = new LinkedHashSet<>();
      Matcher rows = ROW.matcher(section);
      while (rows.find()) {
        String first = rows.group(1);
        List<String> quoted = quoted(rows.group(2));
        if (first.startsWith("io.packetlake")) {
          assertThat(quoted).as("the module of package " + first).isNotEmpty();
          packages.put(first, quoted.get(0));
          classes.put(
              first, quoted.stream().filter(name -> CLASS_NAME.matcher(name).matches()).toList());
        } else if (first.endsWith("/")) {
          folders.add(first);
        } else {
          modules.add(first);
        }
      }
      return new Layout(modules, packages, classes, folders);
    }

    private static List<String> quoted(String text) {
      Matcher matcher = QUOTED.matcher(text);
      List<String> quoted = new ArrayList<>();
      while (matcher.find()) {
        quoted.add(matcher.group(1));
      }
      return quoted;
    }
  }
}
