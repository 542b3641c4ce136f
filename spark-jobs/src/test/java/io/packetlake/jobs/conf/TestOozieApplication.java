package io.packetlake.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.packetlake.jobs.Pipeline;
import io.packetlake.jobs.Pipeline.Stage;
import io.packetlake.jobs.cli.PacketlakeCommand;
import io.packetlake.jobs.cli.RegisterCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * conf/oozie validated against the XSDs Oozie publishes in oozie-client, and checked for what the
 * schemas cannot say: the pipeline's stages ({@link Pipeline}) in its order under its names, then
 * the metastore registration ({@link RegisterCommand}), the job class, arguments the CLI accepts,
 * properties defined. No Oozie server runs here; this is what {@code oozie validate} checks, and a
 * little more.
 */
final class TestOozieApplication {
  private static final Path OOZIE = LakeFixture.CONF.resolve("oozie");
  private static final String WORKFLOW_NAMESPACE = "uri:oozie:workflow:1.0";
  private static final String SPARK_NAMESPACE = "uri:oozie:spark-action:1.0";
  // Variables that Oozie itself or the coordinator supply, or that the workflow defines.
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9.]*)}");

  @Test
  void workflowIsValidAgainstTheWorkflowAndSparkActionSchemas() throws Exception {
    // The workflow's <action> holds "any element of another namespace", strictly: the spark
    // element is only valid when the spark action schema is in the same schema set.
    schema("oozie-workflow-1.0.xsd", "spark-action-1.0.xsd")
        .newValidator()
        .validate(new StreamSource(OOZIE.resolve("workflow.xml").toFile()));
  }

  @Test
  void workflowWithoutTheSparkSchemaIsRejected() throws Exception {
    // Shows the validation above is real: the same file fails when the spark action is unknown.
    Throwable failure =
        catchThrowable(
            () ->
                schema("oozie-workflow-1.0.xsd")
                    .newValidator()
                    .validate(new StreamSource(OOZIE.resolve("workflow.xml").toFile())));
    assertThat(failure).hasMessageContaining("spark");
  }

  @Test
  void coordinatorIsValidAgainstTheCoordinatorSchema() throws Exception {
    schema("oozie-coordinator-0.5.xsd")
        .newValidator()
        .validate(new StreamSource(OOZIE.resolve("coordinator.xml").toFile()));
  }

  @Test
  void stagesRunInOrderAndEveryFailureEndsInTheKillNode() throws Exception {
    Document workflow = parse(OOZIE.resolve("workflow.xml"));
    Map<String, Element> actions = new LinkedHashMap<>();
    NodeList nodes = workflow.getElementsByTagNameNS(WORKFLOW_NAMESPACE, "action");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element action = (Element) nodes.item(i);
      actions.put(action.getAttribute("name"), action);
    }
    List<String> order = new ArrayList<>();
    String next =
        ((Element) workflow.getElementsByTagNameNS(WORKFLOW_NAMESPACE, "start").item(0))
            .getAttribute("to");
    while (actions.containsKey(next)) {
      order.add(next);
      Element action = actions.get(next);
      assertThat(child(action, WORKFLOW_NAMESPACE, "error").getAttribute("to")).isEqualTo("fail");
      next = child(action, WORKFLOW_NAMESPACE, "ok").getAttribute("to");
    }
    assertThat(order).isEqualTo(steps());
    assertThat(next).isEqualTo("end");
  }

  @Test
  void everyActionRunsThePacketlakeCommandWithArgumentsItAccepts() throws Exception {
    Document workflow = parse(OOZIE.resolve("workflow.xml"));
    NodeList sparks = workflow.getElementsByTagNameNS(SPARK_NAMESPACE, "spark");
    assertThat(sparks.getLength()).isEqualTo(steps().size());
    Map<String, String> values =
        Map.of(
            "inputDir", "hdfs:///captures/2024/01/01",
            "lake", "hdfs:///lake",
            "date", "2024-01-01",
            "hiveDatabase", "default");
    for (int i = 0; i < sparks.getLength(); i++) {
      Element spark = (Element) sparks.item(i);
      String className = child(spark, SPARK_NAMESPACE, "class").getTextContent();
      assertThat(className).isEqualTo(PacketlakeCommand.class.getName());
      assertThat(child(spark, SPARK_NAMESPACE, "master").getTextContent()).isEqualTo("yarn");
      NodeList argumentNodes = spark.getElementsByTagNameNS(SPARK_NAMESPACE, "arg");
      List<String> arguments = new ArrayList<>();
      for (int j = 0; j < argumentNodes.getLength(); j++) {
        arguments.add(substitute(argumentNodes.item(j).getTextContent(), values));
      }
      String step = steps().get(i);
      assertThat(arguments.get(0)).isEqualTo(step);
      if (i < Pipeline.stages().size()) {
        Stage stage = Pipeline.stages().get(i);
        // The stage that reads captures is given the day's captures; the others, the day.
        assertThat(arguments.contains("--input")).as(step).isEqualTo(stage.readsCaptures());
        assertThat(arguments.contains("--date")).as(step).isEqualTo(!stage.readsCaptures());
      } else {
        // Registration runs over the whole lake, in the metastore the properties name.
        assertThat(arguments).as(step).contains("--lake", "hdfs:///lake").doesNotContain("--date");
        assertThat(child(spark, SPARK_NAMESPACE, "spark-opts").getTextContent())
            .contains("--conf spark.hadoop.hive.metastore.uris=${hiveMetastoreUris}");
      }
      CommandLine commandLine = PacketlakeCommand.commandLine();
      // Parsing is what the launcher's main would do first; a wrong option fails here.
      CommandLine.ParseResult result = commandLine.parseArgs(arguments.toArray(new String[0]));
      assertThat(result.subcommand().commandSpec().name()).isEqualTo(step);
    }
  }

  @Test
  void everyVariableIsDefinedByTheJobPropertiesTheCoordinatorOrTheWorkflow() throws Exception {
    Properties job = new Properties();
    try (Reader reader = Files.newBufferedReader(OOZIE.resolve("job.properties"))) {
      job.load(reader);
    }
    Set<String> coordinatorSupplied = Set.of("YEAR", "MONTH", "DAY", "inputDir", "date");
    Set<String> workflowParameters =
        Set.of(
            "sparkOpts", "inputDir", "date", "lake", "jobJar", "hiveMetastoreUris", "hiveDatabase");
    Set<String> undefined = new TreeSet<>();
    for (String file : List.of("workflow.xml", "coordinator.xml", "job.properties")) {
      Matcher matcher =
          VARIABLE.matcher(Files.readString(OOZIE.resolve(file), StandardCharsets.UTF_8));
      while (matcher.find()) {
        String name = matcher.group(1);
        if (!job.containsKey(name)
            && !coordinatorSupplied.contains(name)
            && !workflowParameters.contains(name)) {
          undefined.add(file + ": " + name);
        }
      }
    }
    assertThat(undefined).isEmpty();
    assertThat(job.getProperty("oozie.coord.application.path")).endsWith("coordinator.xml");
  }

  @Test
  void coordinatorRunsDailyInUtcOnTheDayBefore() throws Exception {
    Element coordinator = parse(OOZIE.resolve("coordinator.xml")).getDocumentElement();
    assertThat(coordinator.getAttribute("frequency")).isEqualTo("${coord:days(1)}");
    assertThat(coordinator.getAttribute("timezone")).isEqualTo("UTC");
    String coordinatorXml = Files.readString(OOZIE.resolve("coordinator.xml"));
    assertThat(coordinatorXml)
        .contains("<uri-template>${inputRoot}/${YEAR}/${MONTH}/${DAY}</uri-template>")
        .contains("<instance>${coord:current(-1)}</instance>");
  }

  /** The workflow's steps: the pipeline's stages, then the metastore registration. */
  private static List<String> steps() {
    List<String> steps = new ArrayList<>(Pipeline.stageNames());
    steps.add(RegisterCommand.NAME);
    return steps;
  }

  private static Schema schema(String... names) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    Source[] sources = new Source[names.length];
    for (int i = 0; i < names.length; i++) {
      URL url = TestOozieApplication.class.getClassLoader().getResource(names[i]);
      assertThat(url).as("%s on the test classpath (oozie-client)", names[i]).isNotNull();
      // The URL as system id lets the schema's include of oozie-common-1.0.xsd resolve in the jar.
      sources[i] = new StreamSource(url.openStream(), url.toExternalForm());
    }
    return factory.newSchema(sources);
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    try (InputStream input = Files.newInputStream(file)) {
      return factory.newDocumentBuilder().parse(input);
    }
  }

  private static Element child(Element parent, String namespace, String name) throws IOException {
    NodeList children = parent.getElementsByTagNameNS(namespace, name);
    if (children.getLength() == 0) {
      throw new IOException("Cannot find " + name + " in " + parent.getTagName());
    }
    return (Element) children.item(0);
  }

  private static String substitute(String text, Map<String, String> values) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      assertThat(value).as("value of %s", matcher.group(1)).isNotNull();
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
