package io.ddbsync.function.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfLineTest {

  @Test
  void oneLineDeclaresEveryMetricUnderTheServiceDimension() throws Exception {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("messages", 10);
    counts.put("indexed", 5);
    String line = EmfLine.render("ddbsync", "indexer", counts, Map.of("lagMax", 4.0), Instant.ofEpochMilli(1234));

    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    JsonNode directive = json.at("/_aws/CloudWatchMetrics/0");
    assertThat(json.at("/_aws/Timestamp").asLong()).isEqualTo(1234);
    assertThat(directive.get("Namespace").asText()).isEqualTo("ddbsync");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("service");
    assertThat(directive.get("Metrics").findValuesAsText("Name")).containsExactly("messages", "indexed", "lagMax");
    assertThat(directive.get("Metrics").findValuesAsText("Unit")).containsExactly("Count", "Count", "Seconds");
    assertThat(json.get("service").asText()).isEqualTo("indexer");
    assertThat(json.get("indexed").asInt()).isEqualTo(5);
    assertThat(json.get("lagMax").asDouble()).isEqualTo(4.0);
  }
}
