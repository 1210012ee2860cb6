package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboard in pipeline.yaml shows the pipe, the queues, the indexer and the functions' own
 * counts, under the names the functions and AWS actually emit.
 */
class DashboardTest {

  /** One metric line of a widget; values written as ${X} in the template's !Sub read "{X}". */
  record Metric(String namespace, String name, Map<String, String> dimensions) {}

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
  /** Metric names in the indexer's EMF line (BatchMetrics.emf): {@code counts.put("indexed", …)} and {@code lag.put("lagMax", …)}. */
  private static final Pattern EMF_NAME = Pattern.compile("(?:counts|lag)\\.put\\(\"(\\w+)\",");
  private static final Pattern LOG_QUERY_SUM = Pattern.compile("sum\\((\\w+)\\)");

  private final PipelineTemplate template = Repo.template();

  static Map<String, Object> body(PipelineTemplate template) {
    Object sub = template.resource("Dashboard").property("DashboardBody", "Fn::Sub").orElseThrow();
    String json = SUB_VARIABLE.matcher(String.valueOf(sub)).replaceAll("{$1}");
    return new Yaml().load(json);
  }

  @SuppressWarnings("unchecked")
  static List<Metric> metrics(PipelineTemplate template) {
    List<Metric> metrics = new ArrayList<>();
    for (Object widget : (List<Object>) body(template).get("widgets")) {
      Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) widget).get("properties");
      for (Object line : (List<Object>) properties.getOrDefault("metrics", List.of())) {
        List<Object> items = ((List<Object>) line).stream().filter(i -> !(i instanceof Map)).toList();
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 2; i + 1 < items.size(); i += 2) {
          dimensions.put(String.valueOf(items.get(i)), String.valueOf(items.get(i + 1)));
        }
        metrics.add(new Metric(String.valueOf(items.get(0)), String.valueOf(items.get(1)), dimensions));
      }
    }
    return metrics;
  }

  @SuppressWarnings("unchecked")
  private static List<String> logQueries(PipelineTemplate template) {
    return ((List<Object>) body(template).get("widgets")).stream()
        .map(w -> (Map<String, Object>) ((Map<String, Object>) w).get("properties"))
        .filter(p -> p.containsKey("query")).map(p -> String.valueOf(p.get("query"))).toList();
  }

  /** Names of metrics in {@code namespace} with dimension {@code name=value}. */
  private static Set<String> shown(List<Metric> metrics, String namespace, String dimension, String value) {
    Set<String> names = new TreeSet<>();
    metrics.stream().filter(m -> m.namespace().equals(namespace) && value.equals(m.dimensions().get(dimension)))
        .forEach(m -> names.add(m.name()));
    return names;
  }

  /** The main Java sources of a module, one string per file. */
  private static List<String> sources(String module) {
    try (Stream<Path> files = Files.walk(Repo.root().resolve(module).resolve("src/main/java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().map(Repo::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metric names the indexer's EMF line declares, read from the file that calls function-support's EmfLine. */
  static Set<String> indexerEmfMetrics() {
    Set<String> names = new TreeSet<>();
    for (String file : sources("indexer-fn")) {
      if (file.contains("EmfLine.render(")) {
        Matcher m = EMF_NAME.matcher(file);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  @Test
  void pipeInvocationsAndFailuresAreShown() {
    assertThat(shown(metrics(template), "AWS/EventBridge/Pipes", "PipeName", "{Pipe}"))
        .contains("Invocations", "ExecutionFailed", "EnrichmentStageFailed", "TargetStageFailed");
  }

  @Test
  void changeQueueDepthAndAgeAndBothDeadLetterDepthsAreShown() {
    List<Metric> metrics = metrics(template);
    assertThat(shown(metrics, "AWS/SQS", "QueueName", "{ChangeQueue.QueueName}"))
        .contains("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage");
    String indexerDlq = template.changeQueue().redrive().orElseThrow().deadLetterQueueLogicalId();
    String pipeDlq = template.pipe().property("SourceParameters", "DynamoDBStreamParameters", "DeadLetterConfig", "Arn")
        .flatMap(PipelineTemplate::referencedResource).orElseThrow();
    for (String queue : List.of(indexerDlq, pipeDlq)) {
      assertThat(shown(metrics, "AWS/SQS", "QueueName", "{" + queue + ".QueueName}")).as(queue).contains("ApproximateNumberOfMessagesVisible");
    }
  }

  @Test
  void indexerDurationErrorsAndBatchItemFailuresAreShown() {
    List<Metric> metrics = metrics(template);
    assertThat(shown(metrics, "AWS/Lambda", "FunctionName", "{IndexerFunction}")).contains("Duration", "Errors");
    assertThat(emfShown(metrics)).as("failed = messages reported as batch item failures").contains("failed");
  }

  @Test
  void everyMetricTheIndexerEmitsIsShownUnderItsNamespaceAndService() {
    Set<String> emitted = indexerEmfMetrics();
    assertThat(emitted).contains("indexed", "deleted", "conflicts", "failed", "lagMax");
    assertThat(emfShown(metrics(template))).containsAll(emitted);
  }

  @Test
  void metricMissingFromTheDashboardIsCaught() {
    PipelineTemplate broken = Repo.edited(root -> {
      Map<String, Object> dashboard = Repo.properties(root, "Dashboard");
      Map<String, Object> body = Repo.map(dashboard, "DashboardBody");
      body.put("Fn::Sub", String.valueOf(body.get("Fn::Sub")).replaceAll("(?m)^.*\"conflicts\".*\\n", ""));
    });
    assertThat(emfShown(metrics(broken))).doesNotContain("conflicts");
    assertThat(indexerEmfMetrics()).contains("conflicts");
  }

  /** EMF metrics shown under the indexer's POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME. */
  private Set<String> emfShown(List<Metric> metrics) {
    Map<String, Object> variables = Repo.map(template.resource("IndexerFunction").properties(), "Environment", "Variables");
    String namespace = String.valueOf(variables.get("POWERTOOLS_METRICS_NAMESPACE"));
    String service = SUB_VARIABLE.matcher(String.valueOf(Repo.map(variables, "POWERTOOLS_SERVICE_NAME").get("Fn::Sub"))).replaceAll("{$1}");
    return shown(metrics, namespace, "service", service);
  }

  @Test
  void enrichmentCountsComeFromItsSummaryLogLine() {
    String enrichment = String.join("\n", sources("enrichment-fn"));
    List<String> queries = logQueries(template);
    assertThat(queries).singleElement().asString().contains("SOURCE '{EnrichmentLogGroup}'", "filter message = 'enriched batch'");
    assertThat(enrichment).contains("\"enriched batch\"");
    Matcher m = LOG_QUERY_SUM.matcher(queries.get(0));
    List<String> fields = m.results().map(r -> r.group(1)).toList();
    assertThat(fields).contains("records", "skipped", "invalid");
    fields.forEach(field -> assertThat(enrichment).as(field).contains("summary.put(\"" + field + "\""));
  }

  @Test
  void outputsLinkTheDashboard() {
    Map<String, Object> outputs = Repo.map(template.root(), "Outputs", "DashboardUrl");
    assertThat(String.valueOf(outputs.get("Value"))).contains("${Dashboard}", "cloudwatch");
  }

  @Test
  void theMetricsOutputsThatStatusReadsAreTheIndexersOwnNamespaceAndService() {
    Map<String, Object> environment = Repo.map(template.root(), "Resources", "IndexerFunction", "Properties",
        "Environment", "Variables");

    assertThat(Repo.map(template.root(), "Outputs", "MetricsNamespace").get("Value"))
        .isEqualTo(environment.get("POWERTOOLS_METRICS_NAMESPACE"));
    assertThat(Repo.map(template.root(), "Outputs", "MetricsService").get("Value"))
        .isEqualTo(environment.get("POWERTOOLS_SERVICE_NAME"));
  }
}
