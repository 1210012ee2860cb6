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
        "e2eRatio", "latencyP50Ms", "latencyP99Ms", "queueMessagesPerSec", "enrichmentMeanMs", "indexerMeanMs"}) {
      assertThat(figures.path(name).asDouble()).as(name).isPositive();
    }
    assertThat(figures.path("latencyP99Ms").asDouble()).isGreaterThanOrEqualTo(figures.path("latencyP50Ms").asDouble());
    assertThat(figures.path("converged").asBoolean()).isTrue();
    assertThat(figures.path("changes").asInt()).isEqualTo(300);
    assertThat(figures.path("latencyChanges").asInt()).isEqualTo(100);
    assertThat(figures.path("cpuShares").fieldNames()).toIterable().containsExactly(
        "indexer path and raw _bulk", "local queue alone", "end to end, throughput", "end to end, latency");
    double throughputShares = 0;
    for (JsonNode share : figures.path("cpuShares").path("end to end, throughput")) {
      throughputShares += share.asDouble();
    }
    assertThat(throughputShares).isCloseTo(1, offset(0.01));
  }
}
