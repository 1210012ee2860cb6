package io.ddbsync.indexer.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: a log line that CloudWatch turns into metrics, so no
 * PutMetricData call is made from the Lambda (powertools-metrics is not used: one JSON line per
 * invocation needs no library). Dimension: {@code service}.
 */
public final class EmfLine {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EmfLine() {}

  public static String render(String namespace, String service, BatchMetrics metrics, Instant timestamp) {
    Map<String, Number> counts = new LinkedHashMap<>();
    counts.put("messages", metrics.messages());
    counts.put("indexed", metrics.indexed());
    counts.put("deleted", metrics.deleted());
    counts.put("conflicts", metrics.conflicts());
    counts.put("duplicates", metrics.duplicates());
    counts.put("retried", metrics.retried());
    counts.put("deadLettered", metrics.deadLettered());
    counts.put("failed", metrics.failed());

    ObjectNode line = MAPPER.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", timestamp.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    directive.putArray("Dimensions").addArray().add("service");
    ArrayNode definitions = directive.putArray("Metrics");
    counts.keySet().forEach(name -> definitions.addObject().put("Name", name).put("Unit", "Count"));
    line.put("service", service);
    counts.forEach((name, value) -> line.put(name, value.intValue()));
    if (metrics.indexed() + metrics.deleted() + metrics.conflicts() > 0) {
      definitions.addObject().put("Name", "lagMax").put("Unit", "Seconds");
      definitions.addObject().put("Name", "lagAvg").put("Unit", "Seconds");
      line.put("lagMax", metrics.lagMaxSeconds());
      line.put("lagAvg", metrics.lagAvgSeconds());
    }
    return line.toString();
  }
}
