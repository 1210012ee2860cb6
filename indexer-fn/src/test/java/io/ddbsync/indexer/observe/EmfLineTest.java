package io.ddbsync.indexer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmfLineTest {

  @Test
  void oneLineDeclaresEveryMetricUnderTheServiceDimension() throws Exception {
    String line =
        EmfLine.render(
            "ddbsync", "indexer", new BatchMetrics(10, 5, 2, 1, 1, 3, 1, 0, 4.0, 2.5), Instant.ofEpochMilli(1234));

    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    JsonNode directive = json.at("/_aws/CloudWatchMetrics/0");
    assertThat(json.at("/_aws/Timestamp").asLong()).isEqualTo(1234);
    assertThat(directive.get("Namespace").asText()).isEqualTo("ddbsync");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("service");
    assertThat(directive.get("Metrics").findValuesAsText("Name"))
        .containsExactly(
            "messages", "indexed", "deleted", "conflicts", "duplicates", "retried", "deadLettered", "failed",
            "lagMax", "lagAvg");
    for (JsonNode metric : directive.get("Metrics")) {
      assertThat(json.has(metric.get("Name").asText())).as(metric.toString()).isTrue();
    }
    assertThat(json.get("service").asText()).isEqualTo("indexer");
    assertThat(json.get("indexed").asInt()).isEqualTo(5);
    assertThat(json.get("lagMax").asDouble()).isEqualTo(4.0);
  }

  @Test
  void lagIsLeftOutWhenNothingWasApplied() {
    String line = EmfLine.render("ns", "svc", new BatchMetrics(1, 0, 0, 0, 0, 0, 1, 0, 0, 0), Instant.EPOCH);

    assertThat(line).doesNotContain("lagMax");
  }
}
