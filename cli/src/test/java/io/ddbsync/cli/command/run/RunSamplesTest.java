package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.table.LocalTables;
import io.ddbsync.cli.shared.events.StreamRecords;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.template.PipelineTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.event.ruler.Machine;

/**
 * {@code ddbsync run} over every sample of samples/enrichment with samples/env.json, on the shared
 * engines: the summary counts and the dumped index are checked against what the samples imply.
 */
class RunSamplesTest {

  static final String PREFIX = "run-samples-";

  @TempDir static Path dir;

  static Cli.Result run;
  static JsonNode summary;
  static ExpectedIndex expected;
  static List<ObjectNode> records;
  static List<ObjectNode> passing;

  @BeforeAll
  static void runTheSamples() throws Exception {
    Path events = Cli.samples().resolve("enrichment");
    Path envVars = withOwnIndices(Cli.samples().resolve("env.json"));
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--events", events.toString(), "--env-vars", envVars.toString(),
        "--json", "--dump", dir.resolve("dump.jsonl").toString()));
    args.addAll(TestEngines.options());
    run = Cli.run(args.toArray(String[]::new));

    records = StreamRecords.load(List.of(events));
    Machine filter = new Machine();
    List<String> patterns = PipelineTemplate.load(Cli.template()).filterPatterns();
    for (int i = 0; i < patterns.size(); i++) {
      filter.addRule("p" + i, patterns.get(i));
    }
    passing = records.stream().filter(r -> patterns.isEmpty() || !filter.rulesForJSONEvent(r).isEmpty()).toList();
    Map<String, String> enrichmentEnv = new TreeMap<>(
        PipelineTemplate.load(Cli.template()).enrichmentFunction().environmentDefaults());
    enrichmentEnv.putAll(EnvVars.read(envVars).forFunction("EnrichmentFunction"));
    EnrichmentConfig config = EnrichmentConfig.fromEnv(enrichmentEnv);
    expected = ExpectedIndex.of(passing, config, config.keyAttributes(), LocalTables.finalItems(records));
    if (run.exitCode() == 0) {
      summary = ChangeMessages.MAPPER.readTree(run.lastLine());
    }
  }

  /**
   * samples/env.json with every index name prefixed, so that this run's indices hold only what it
   * wrote (other test classes share the OpenSearch node).
   */
  static Path withOwnIndices(Path sampleEnv) throws Exception {
    ObjectNode env = (ObjectNode) ChangeMessages.MAPPER.readTree(sampleEnv.toFile());
    ObjectNode enrichment = (ObjectNode) env.get("EnrichmentFunction");
    if (!enrichment.path("DEFAULT_INDEX").asText().isBlank()) {
      enrichment.put("DEFAULT_INDEX", PREFIX + enrichment.path("DEFAULT_INDEX").asText());
    }
    enrichment.put("ROUTES", enrichment.path("ROUTES").asText().replace("=>", "=>" + PREFIX));
    Path file = dir.resolve("env.json");
    Files.writeString(file, env.toString());
    return file;
  }

  @Test
  void runEndsCleanlyWithTheSummaryAsJsonOnTheLastLine() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(summary.isObject()).isTrue();
    assertThat(summary.fieldNames()).toIterable()
        .contains("records", "filteredOut", "skipped", "indexed", "deleted", "deadLettered", "elapsedMs",
            "enriched", "conflicts", "retried");
  }

  @Test
  void pipeCountsMatchTheSampleRecords() {
    assertThat(summary.path("records").asLong()).isEqualTo(records.size());
    assertThat(summary.path("filteredOut").asLong()).isEqualTo(records.size() - passing.size());
    assertThat(summary.path("enriched").asLong()).isEqualTo(expected.messages);
    assertThat(summary.path("skipped").asLong()).isEqualTo(expected.skipped);
  }

  @Test
  void everyChangeIsAppliedOnceAndInvalidRecordsAreDeadLettered() {
    long outcomes = summary.path("indexed").asLong() + summary.path("deleted").asLong()
        + summary.path("conflicts").asLong() + summary.path("deadLettered").asLong() + summary.path("gone").asLong();
    if (noInvocationFailed(summary)) {
      assertThat(outcomes)
          .as("applied, refused as older, dead-lettered, or a fetch of a gone item: every message exactly once")
          .isEqualTo(expected.messages);
      assertThat(summary.path("conflicts").asLong()).isEqualTo(expected.conflicts);
    } else {
      // A failed or timed-out invocation (a loaded machine) may have written before it failed, and its
      // redelivery is then refused as older: delivery is at least once, so every message counts at least once.
      assertThat(outcomes).as(summary.toString()).isGreaterThanOrEqualTo(expected.messages);
    }
    assertThat(summary.path("deadLettered").asLong()).isGreaterThanOrEqualTo(expected.invalid);
  }

  @Test
  void dumpHoldsTheExpectedFinalStateOfEveryItem() throws Exception {
    Map<String, JsonNode> dumped = IndexComparison.readDump(dir.resolve("dump.jsonl"));
    IndexComparison comparison = IndexComparison.of(expected.documents, dumped);
    assertThat(comparison.exact())
        .as("%s; dead-letter reasons: %s", comparison, summary.path("deadLetterReasons"))
        .isTrue();
    assertThat(summary.path("liveDocuments").asLong()).isEqualTo(dumped.size());
  }

  @Test
  void theListsOfTypeDriftThatMixTypesAreKeptAsideAndCounted() throws Exception {
    // samples/enrichment/type-drift.json: data of ENTITY#3 and ENTITY#4 and labels of ENTITY#4 mix types.
    assertThat(summary.path("unindexedFields").asLong()).isGreaterThanOrEqualTo(3);
    long dumpedAside = Files.readAllLines(dir.resolve("dump.jsonl")).stream()
        .filter(line -> line.contains("\"@unindexed\"")).count();
    assertThat(dumpedAside).isGreaterThanOrEqualTo(2);
  }

  /** Exactly-once counts hold only when every invocation succeeded; a failed one is redelivered whole. */
  static boolean noInvocationFailed(JsonNode summary) {
    return summary.path("indexerErrors").asLong() == 0 && summary.path("batchItemFailures").asLong() == 0
        && summary.path("idempotencyUnavailable").asLong() == 0;
  }
}
