package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.message.ChangeMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ddbsync run --workload --faults}: 1,500 changes over 200 items (hot keys included) through
 * a pipeline that refuses and times out bulks, fails items, crashes the indexer after its bulk,
 * delivers messages twice, dead-letters some on purpose and redrives them after newer changes, with
 * poisoned changes and a 1 s {@code gc_deletes}. The index must end exactly as the workload's table
 * (poisoned changes aside), and every poisoned change must sit in the dead-letter queue.
 */
class ConvergenceUnderFaultsTest {

  static final String FAULTS =
      "os429=0.05,os503=0.05,timeout=0.02,item429=0.05,crash=0.05,duplicate=0.1,poison=0.01,redrive=0.05,enrich=0.05";

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void indexConvergesToTheTableWithPoisonDeadLettered(long seed) throws Exception {
    Path envVars = dir.resolve("env.json");
    Files.writeString(envVars, """
        {"EnrichmentFunction": {"KEY_ATTRIBUTES": "pk,sk", "DEFAULT_INDEX": "cv%1$d-items",
                                "ROUTES": "entityType=Order=>cv%1$d-orders;pk^CUSTOMER#=>cv%1$d-customers",
                                "IGNORED_ATTRIBUTES": "updatedAt"},
         "IndexerFunction": {"IGNORED_ATTRIBUTES": "updatedAt"}}
        """.formatted(seed));
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--workload", "1500", "--items", "200", "--seed", Long.toString(seed), "--faults", FAULTS,
        "--env-vars", envVars.toString(), "--json"));
    args.addAll(TestEngines.options());

    Cli.Result run = Cli.run(args.toArray(String[]::new));

    JsonNode summary = ChangeMessages.MAPPER.readTree(run.lastLine());
    assertThat(summary.path("missing").asLong()).as("missing; %s", summary).isZero();
    assertThat(summary.path("stale").asLong()).as("stale; %s", summary).isZero();
    assertThat(summary.path("resurrected").asLong()).as("resurrected; %s", summary).isZero();
    assertThat(summary.path("poisonUnaccounted").asLong()).as("poison not dead-lettered; %s", summary).isZero();
    assertThat(run.exitCode()).as(run.err()).isZero();
    // The faults did happen: otherwise the run proves nothing.
    JsonNode faults = summary.path("faults");
    assertThat(summary.path("poison").asLong()).isPositive();
    assertThat(summary.path("deadLettered").asLong()).isGreaterThanOrEqualTo(summary.path("poison").asLong());
    assertThat(faults.path("duplicatesSent").asLong()).isPositive();
    assertThat(faults.path("redriven").asLong()).isGreaterThanOrEqualTo(faults.path("deadLetteredOnPurpose").asLong())
        .isPositive();
    assertThat(faults.path("proxy").path("timedOut").asLong() + faults.path("proxy").path("refused429").asLong())
        .isPositive();
    assertThat(summary.path("indexerErrors").asLong()).as("crashes").isPositive();
    assertThat(summary.path("conflicts").asLong()).as("duplicates and redriven messages refused as older").isPositive();
    // The enrichment failed for good on some records: the pipe bisected down to them, dead-lettered
    // each alone, and the built-in replay read them back from the local stream ("Amazon EventBridge
    // Pipes error handling and troubleshooting"; PipeSourceDynamoDBStreamParameters).
    JsonNode pipe = summary.path("pipeFailures");
    assertThat(pipe.path("deadLetteredBatches").asLong()).isPositive();
    assertThat(pipe.path("bisections").asLong()).isPositive();
    assertThat(pipe.path("replayedBatches").asLong()).isEqualTo(pipe.path("deadLetteredBatches").asLong());
    assertThat(pipe.path("leftInPipeDeadLetters").asLong()).isZero();
  }

  /**
   * Killed invocations (with idempotency on, as {@code ddbsync run} has it whenever the template
   * declares IDEMPOTENCY_TABLE) leave claims in progress; the redelivery after the visibility timeout
   * must take them over. A claim that never expired would report its message failed until the queue
   * dead-lettered it. An idempotency outage must not fail a message either.
   */
  @Test
  void killedInvocationsAndIdempotencyOutagesFailNoMessage() throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--workload", "300", "--items", "60", "--seed", "4", "--faults", "kill=0.15,idem=0.1", "--json"));
    args.addAll(TestEngines.options());

    Cli.Result run = Cli.run(args.toArray(String[]::new));

    JsonNode summary = ChangeMessages.MAPPER.readTree(run.lastLine());
    JsonNode environment = summary.path("faults").path("environment");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(summary.path("missing").asLong() + summary.path("stale").asLong() + summary.path("resurrected").asLong())
        .as("%s", summary).isZero();
    assertThat(environment.path("kills").asLong()).as("kills").isPositive();
    assertThat(environment.path("killedRecovered").asLong()).as("killed messages applied later").isPositive();
    assertThat(environment.path("killedNeverAcknowledged").asLong()).as("%s", summary).isZero();
    assertThat(summary.path("batchItemFailures").asLong()).as("messages reported failed; %s", summary).isZero();
    assertThat(summary.path("deadLettered").asLong()).isZero();
    assertThat(summary.path("faults").path("redriven").asLong()).isZero();
    // A killed batch comes back after the visibility timeout, not after the idempotency expiry (1 h).
    assertThat(environment.path("killedLongestWaitMs").asLong()).isBetween(3_000L, 60_000L);
    assertThat(environment.path("idempotencyOutages").asLong()).isPositive();
    assertThat(summary.path("idempotencyUnavailable").asLong()).isPositive();
  }
}
