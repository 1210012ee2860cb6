package io.ddbsync.function.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: a log line that CloudWatch turns into metrics, so no
 * PutMetricData call is made from the Lambda (powertools-metrics is not used: one JSON line per
 * invocation needs no library). Dimension: {@code service}.
 */
public final class EmfLine {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EmfLine() {}

  /** One line with {@code counts} (unit Count) and {@code seconds} (unit Seconds), in map order. */
  public static String render(
      String namespace, String service, Map<String, Integer> counts, Map<String, Double> seconds, Instant timestamp) {
    ObjectNode line = MAPPER.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", timestamp.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    directive.putArray("Dimensions").addArray().add("service");
    ArrayNode definitions = directive.putArray("Metrics");
    line.put("service", service);
    counts.forEach(
        (name, value) -> {
          definitions.addObject().put("Name", name).put("Unit", "Count");
          line.put(name, value);
        });
    seconds.forEach(
        (name, value) -> {
          definitions.addObject().put("Name", name).put("Unit", "Seconds");
          line.put(name, value);
        });
    return line.toString();
  }
}
