package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.workload.Workload;
import io.ddbsync.cli.local.workload.WorkloadGenerator;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
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

/**
 * {@code ddbsync run --workload}: 2,000 generated changes over 300 items, hot keys changing several
 * times within a second included, against the generator's own final table. Three indices (by
 * entity type) and four pollers, so items of different groups interleave.
 */
class RunWorkloadTest {

  static final int CHANGES = 2_000;
  static final int ITEMS = 300;
  static final long SEED = 42;

  @TempDir static Path dir;

  static Cli.Result run;
  static JsonNode summary;
  static Workload workload;
  static EnrichmentConfig config;

  @BeforeAll
  static void runTheWorkload() throws Exception {
    Path envVars = dir.resolve("env.json");
    Files.writeString(envVars, """
        {"EnrichmentFunction": {"KEY_ATTRIBUTES": "pk,sk", "DEFAULT_INDEX": "wl-items",
                                "ROUTES": "entityType=Order=>wl-orders;pk^CUSTOMER#=>wl-customers",
                                "IGNORED_ATTRIBUTES": "updatedAt"},
         "IndexerFunction": {"IGNORED_ATTRIBUTES": "updatedAt"}}
        """);
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--workload", Integer.toString(CHANGES), "--items", Integer.toString(ITEMS), "--seed", Long.toString(SEED),
        "--env-vars", envVars.toString(), "--json", "--dump", dir.resolve("dump.jsonl").toString()));
    args.addAll(TestEngines.options());
    run = Cli.run(args.toArray(String[]::new));
    if (run.exitCode() == 0) {
      summary = ChangeMessages.MAPPER.readTree(run.lastLine());
    }
    Map<String, String> env = new TreeMap<>(PipelineTemplate.load(Cli.template()).enrichmentFunction().environmentDefaults());
    env.putAll(EnvVars.read(envVars).forFunction("EnrichmentFunction"));
    config = EnrichmentConfig.fromEnv(env);
    workload = new WorkloadGenerator(SEED, config.keyAttributes()).generate(CHANGES, ITEMS);
  }

  @Test
  void everyChangeGoesThroughThePipe() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(summary.path("records").asLong()).isEqualTo(CHANGES);
    assertThat(summary.path("filteredOut").asLong()).isZero();
    assertThat(summary.path("deadLettered").asLong()).as(summary.path("deadLetterReasons").toString()).isZero();
    long applied = summary.path("indexed").asLong() + summary.path("deleted").asLong() + summary.path("conflicts").asLong();
    if (RunSamplesTest.noInvocationFailed(summary)) {
      assertThat(applied).isEqualTo(summary.path("enriched").asLong());
    } else {
      // A failed or timed-out invocation may have written before it failed: its redelivery writes again.
      assertThat(applied).as(summary.toString()).isGreaterThanOrEqualTo(summary.path("enriched").asLong());
    }
  }

  @Test
  void indexEqualsTheGeneratorsTableWithNothingMissingStaleOrResurrected() throws Exception {
    Enrichment enrichment = new Enrichment(config);
    Map<String, ObjectNode> expected = new TreeMap<>();
    for (ObjectNode item : workload.table().values()) {
      Upsert upsert = ExpectedIndex.upsertOf(item, enrichment, workload.keyAttributes());
      expected.put(ExpectedIndex.key(upsert.index(), upsert.id()), upsert.document());
    }
    IndexComparison comparison = IndexComparison.of(expected, IndexComparison.readDump(dir.resolve("dump.jsonl")));

    assertThat(comparison.missing()).as("missing").isEmpty();
    assertThat(comparison.stale()).as("stale").isEmpty();
    assertThat(comparison.resurrected()).as("resurrected").isEmpty();
    assertThat(expected).hasSizeGreaterThan(ITEMS / 2);
  }
}
