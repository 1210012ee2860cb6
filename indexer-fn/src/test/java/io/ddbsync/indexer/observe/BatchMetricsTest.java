package io.ddbsync.indexer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchMetricsTest {

  @Test
  void everyCountAndTheLagAreMetrics() throws Exception {
    String line = new BatchMetrics(10, 5, 2, 1, 1, 1, 3, 1, 0, 2, 4, 1, 4.0, 2.5).emf("ddbsync", "indexer", Instant.ofEpochMilli(1234));

    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
        .containsExactly(
            "messages", "indexed", "deleted", "conflicts", "duplicates", "gone", "retried", "deadLettered", "failed",
            "IdempotencyUnavailable", "UnindexedFields", "KeptReplaced", "lagMax", "lagAvg");
    assertThat(json.get("UnindexedFields").asInt()).isEqualTo(4);
    assertThat(json.get("KeptReplaced").asInt()).isEqualTo(1);
    assertThat(json.get("retried").asInt()).isEqualTo(3);
    assertThat(json.get("IdempotencyUnavailable").asInt()).isEqualTo(2);
    assertThat(json.get("lagAvg").asDouble()).isEqualTo(2.5);
  }

  @Test
  void lagIsLeftOutWhenNothingWasApplied() {
    String line = new BatchMetrics(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0).emf("ns", "svc", Instant.EPOCH);

    assertThat(line).doesNotContain("lagMax");
  }
}
