package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.dynamodb.local.LocalDynamoDb;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * When the dynalite a command uses dies, the command's one-line error says so, with its pid and exit code,
 * instead of "Connection refused"; a run fails at once instead of retrying into its timeout. Each test kills a
 * dynalite of its own, not the one the other tests share.
 */
class DynaliteExitTest {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @Test
  void runFailsAtOnceSayingDynaliteExitedWhenItIsKilledMidRun() throws Exception {
    try (LocalDynamoDb dynalite = LocalDynamoDb.start()) {
      List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
          "--workload", "2000", "--items", "300", "--json", "--timeout", "10m",
          "--opensearch", SharedOpenSearch.uri().toString(), "--sqs-endpoint", TestEngines.sqs().toString(),
          "--dynamodb-endpoint", dynalite.endpoint().toString(), "--stack", "killed"));
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));

      // The indexer's first idempotency record: the run is past its set-up and into indexing.
      awaitFirstItem(dynalite, "killed-idempotency");
      ProcessHandle.of(dynalite.pid()).orElseThrow().destroyForcibly();
      Cli.Result result = run.get(DEADLINE.toMinutes(), TimeUnit.MINUTES);

      assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
      assertThat(result.err())
          .contains("ddbsync: the local DynamoDB server (dynalite, pid " + dynalite.pid() + ") exited with code 137")
          .contains("Dynalite listening at")
          .doesNotContain("Connection refused")
          .doesNotContain("did not settle");
    }
  }

  @Test
  void verifyAgainstAKilledDynaliteSaysItExited() throws Exception {
    try (LocalDynamoDb dynalite = LocalDynamoDb.start()) {
      ProcessHandle.of(dynalite.pid()).orElseThrow().destroyForcibly();
      dynalite.onExit().get(DEADLINE.toMinutes(), TimeUnit.MINUTES);

      Cli.Result result = Cli.run("verify", "--table", "orders", "--endpoint", dynalite.endpoint().toString(),
          "--opensearch", SharedOpenSearch.uri().toString(), "--config", "KEY_ATTRIBUTES=pk",
          "--config", "DEFAULT_INDEX=orders");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.err())
          .startsWith("ddbsync: verify failed: the local DynamoDB server (dynalite, pid " + dynalite.pid()
              + ") exited with code 137")
          .contains("Its last output: Dynalite listening at")
          .doesNotContain("Connection refused");
    }
  }

  private static void awaitFirstItem(LocalDynamoDb dynalite, String table) {
    Instant deadline = Instant.now().plus(DEADLINE);
    try (DynamoDbClient client = LocalAws.dynamoDb(dynalite.endpoint(), "us-east-1")) {
      while (!holdsAnItem(client, table)) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(table + " holds no item after " + DEADLINE);
        }
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
    }
  }

  private static boolean holdsAnItem(DynamoDbClient client, String table) {
    try {
      return client.scan(s -> s.tableName(table).limit(1)).count() > 0;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
