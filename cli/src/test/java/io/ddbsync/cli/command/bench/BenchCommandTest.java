package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddbsync bench --json} runs every phase on a small stream and names its figures as the
 * issue asks; it says nothing about speed, which is for the benchmark itself to measure.
 */
class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void aSmallRunReportsEveryFigureAndAConvergedIndex() throws Exception {
    Path envVars = dir.resolve("env.json");
    Files.writeString(envVars, """
        {"EnrichmentFunction": {"DEFAULT_INDEX": "bt-items", "ROUTES": "entityType=Order=>bt-orders"}}
        """);

    Cli.Result run = Cli.run("bench", "--template", Cli.template().toString(), "--env-vars", envVars.toString(),
        "--opensearch", SharedOpenSearch.uri().toString(), "--changes", "300", "--items", "60", "--rounds", "1",
        "--latency-rate", "50", "--latency-duration", "2s", "--log-dir", dir.toString(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode figures = ChangeMessages.MAPPER.readTree(run.lastLine());
    for (String name : new String[] {"rawBulkDocsPerSec", "indexerDocsPerSec", "indexerRatio", "e2eChangesPerSec",
        "e2eRatio", "queueMessagesPerSec", "enrichmentMeanMs", "indexerMeanMs"}) {
      assertThat(figures.path(name).asDouble()).as(name).isPositive();
    }
    assertThat(figures.path("converged").asBoolean()).isTrue();
    assertThat(figures.path("changes").asInt()).isEqualTo(300);
    JsonNode windows = figures.path("latencyByWindow");
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).path("batchingWindowSeconds").asInt()).isZero();
    assertThat(windows.get(1).path("batchingWindowSeconds").asInt()).isEqualTo(1);
    for (JsonNode window : windows) {
      assertThat(window.path("latencyChanges").asInt()).isEqualTo(100);
      assertThat(window.path("latencyP99Ms").asDouble()).isGreaterThanOrEqualTo(window.path("latencyP50Ms").asDouble())
          .isPositive();
      // Every change is enriched and every message received and deleted, so each takes some calls of each kind.
      assertThat(window.path("enrichmentCallsPerChange").asDouble()).isPositive().isLessThanOrEqualTo(1);
      assertThat(window.path("sqsReceives").asLong()).isPositive();
      assertThat(window.path("sqsDeleteBatches").asLong()).isPositive();
      assertThat(window.path("sqsCallsPerChange").asDouble()).isPositive();
      assertThat(window.path("costPerMillionChangesUsd").path("total").asDouble())
          .isGreaterThan(window.path("costPerMillionChangesUsd").path("pipes").asDouble());
    }
    // A window of 1 s lets a lane's batch fill, 0 sends what has arrived: never fewer calls per change.
    assertThat(windows.get(0).path("enrichmentCallsPerChange").asDouble())
        .isGreaterThanOrEqualTo(windows.get(1).path("enrichmentCallsPerChange").asDouble());
    assertThat(figures.path("cpuShares").fieldNames()).toIterable().containsExactly(
        "indexer path and raw _bulk", "local queue alone", "end to end, throughput", "end to end, latency, window 0 s",
        "end to end, latency, window 1 s");
    double throughputShares = 0;
    for (JsonNode share : figures.path("cpuShares").path("end to end, throughput")) {
      throughputShares += share.asDouble();
    }
    assertThat(throughputShares).isCloseTo(1, offset(0.01));
  }
}
