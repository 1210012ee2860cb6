package io.ddbsync.cli.command.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.command.run.TestEngines;
import io.ddbsync.cli.command.verify.VerifyCommand;
import io.ddbsync.dynamodb.local.SharedDynamoDb;
import io.ddbsync.indexsetup.IndexState;
import io.ddbsync.indexsetup.OpenSearchCalls;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import io.ddbsync.testsupport.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reindex} while {@code ddbsync run} applies a generated workload through the local pipeline
 * with faults (refused and timed-out bulks, failed items, indexer crashes, duplicates, redrives of
 * older messages), killed once after its copy task started and run again.
 *
 * <p>Afterwards the index equals the table: the run's own comparison and {@code verify} both find
 * nothing missing, stale or resurrected. A reader polls {@code <index>-live} through the whole
 * switch and checks what a reader may rely on: a document it saw never comes back at a lower
 * version, and it leaves the live view only for a newer version (a real delete: a tombstone). So
 * the live count never drops below the count before, less the real deletes.
 */
class ReindexUnderLoadTest {

  private static final String FAULTS = "os429=0.05,os503=0.05,timeout=0.02,item429=0.05,crash=0.05,duplicate=0.1,redrive=0.05";
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private final OpenSearchCalls calls = new OpenSearchCalls(OpenSearchClients.plain(SharedOpenSearch.uri()).generic());

  @TempDir Path dir;

  @Test
  void indexConvergesAndReadersNeverLoseADocumentWhileTheGenerationChanges() throws Exception {
    String prefix = "rl" + ProcessHandle.current().pid() % 10_000 + "-" + System.nanoTime() % 100_000;
    String orders = prefix + "-orders";
    Map<String, String> enrichment = Map.of("KEY_ATTRIBUTES", "pk,sk", "DEFAULT_INDEX", prefix + "-items",
        "ROUTES", "entityType=Order=>" + orders + ";pk^CUSTOMER#=>" + prefix + "-customers", "IGNORED_ATTRIBUTES", "updatedAt");
    Path envVars = dir.resolve("env.json");
    Files.writeString(envVars, ChangeMessages.MAPPER.writeValueAsString(Map.of(
        "EnrichmentFunction", enrichment, "IndexerFunction", Map.of("IGNORED_ATTRIBUTES", "updatedAt"))));
    List<String> engines = TestEngines.options();
    String stack = engines.get(engines.indexOf("--stack") + 1);
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--workload", "1000", "--items", "150", "--seed", "7", "--faults", FAULTS,
        "--env-vars", envVars.toString(), "--json"));
    args.addAll(engines);

    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));
    awaitLiveDocuments(orders, 10, run);
    LiveReader reader = new LiveReader(orders);
    CompletableFuture<Void> reading = CompletableFuture.runAsync(reader);

    ReindexCommand killed = new ReindexCommand();
    killed.copyStarted = task -> {
      throw new IOException("killed after copy task " + task + " started");
    };
    Commands.Run first = reindex(killed, orders);
    IndexState afterKill = IndexState.read(calls, orders);
    Commands.Run second = reindex(new ReindexCommand(), orders);
    reader.pollOnceMore();
    boolean runStillGoing = !run.isDone();
    reader.stop.set(true);
    reading.get(30, TimeUnit.SECONDS);
    Cli.Result result = run.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(2);
    assertThat(afterKill.writeGeneration()).contains(2);
    assertThat(afterKill.liveGeneration()).contains(1);
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("verified:");
    assertThat(runStillGoing).as("the workload was still being applied when the reindex finished").isTrue();
    assertThat(reader.generationsSeen).as("the reader polled across the switch").containsExactly(1, 2);
    assertThat(reader.violations).as("documents a reader lost or saw go back in version").isEmpty();

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    JsonNode summary = ChangeMessages.MAPPER.readTree(result.lastLine());
    assertThat(summary.path("missing").asLong()).as("missing; %s", summary).isZero();
    assertThat(summary.path("stale").asLong()).as("stale; %s", summary).isZero();
    assertThat(summary.path("resurrected").asLong()).as("resurrected; %s", summary).isZero();
    assertThat(summary.path("faults").path("redriven").asLong()).as("faults happened").isPositive();

    List<String> verifyArgs = new ArrayList<>(List.of("--table", stack + "-table", "--endpoint", SharedDynamoDb.endpoint().toString(),
        "--opensearch", SharedOpenSearch.uri().toString(), "--template", Cli.template().toString(), "--json"));
    enrichment.forEach((name, value) -> verifyArgs.addAll(List.of("--config", name + "=" + value)));
    Commands.Run verify = Commands.run(new VerifyCommand(), verifyArgs, List.of());
    assertThat(verify.json().path("drift").asLong()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.json().path("indices").path(orders).path("liveDocuments").asLong()).isPositive();
  }

  private Commands.Run reindex(ReindexCommand command, String index) {
    return Commands.run(command, List.of("--opensearch", SharedOpenSearch.uri().toString(), "--index", index, "--no-progress"), List.of());
  }

  private void awaitLiveDocuments(String index, int count, CompletableFuture<Cli.Result> run) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (liveCount(index) < count) {
      assertThat(run.isDone()).as("the run ended before %s had %d documents: %s", index, count,
          run.isDone() ? run.join().err() : "").isFalse();
      assertThat(Instant.now()).as("%s reached %d live documents in time", index, count).isBefore(deadline);
      Thread.onSpinWait();
    }
  }

  private long liveCount(String index) throws IOException {
    OpenSearchCalls.Answer answer = calls.send("GET", "/" + index + "-live/_count", null);
    return answer.ok() ? answer.body().path("count").asLong() : 0;
  }

  /** Polls {@code <index>-live} until stopped, checking each poll against the one before. */
  private final class LiveReader implements Runnable {
    final String index;
    final AtomicBoolean stop = new AtomicBoolean();
    final Set<Integer> generationsSeen = new TreeSet<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private Map<String, Long> previous = Map.of();

    LiveReader(String index) {
      this.index = index;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          poll();
        }
      } catch (IOException e) {
        violations.add("reader failed: " + e);
      }
    }

    synchronized void pollOnceMore() throws IOException {
      poll();
    }

    private synchronized void poll() throws IOException {
      JsonNode aliases = calls.ok("GET", "/" + index + "-live/_alias", null);
      aliases.fieldNames().forEachRemaining(name -> generationsSeen.add(Integer.parseInt(name.substring(name.length() - 6))));
      JsonNode hits = calls.ok("POST", "/" + index + "-live/_search",
          Json.json("{\"size\":10000,\"version\":true,\"_source\":false}")).path("hits").path("hits");
      Map<String, Long> now = new HashMap<>();
      hits.forEach(hit -> now.put(hit.path("_id").asText(), hit.path("_version").asLong()));
      for (Map.Entry<String, Long> seen : previous.entrySet()) {
        Long version = now.get(seen.getKey());
        if (version != null && version < seen.getValue()) {
          violations.add(seen.getKey() + " went back from version " + seen.getValue() + " to " + version);
        } else if (version == null && newestVersion(seen.getKey()) <= seen.getValue()) {
          violations.add(seen.getKey() + " left the live view without a newer version (seen at " + seen.getValue() + ")");
        }
      }
      previous = now;
    }

    /** The newest version of {@code id} in any generation, tombstones included (0 = none). */
    private long newestVersion(String id) throws IOException {
      JsonNode hits = calls.ok("POST", "/" + index + "-0*/_search", Json.json(
          "{\"version\":true,\"_source\":false,\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}")).path("hits").path("hits");
      long newest = 0;
      for (JsonNode hit : hits) {
        newest = Math.max(newest, hit.path("_version").asLong());
      }
      return newest;
    }
  }
}
