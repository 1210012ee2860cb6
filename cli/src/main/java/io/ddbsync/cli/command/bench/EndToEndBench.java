package io.ddbsync.cli.command.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.command.bench.SearchableWatcher.Expected;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.pipe.PipeEmulator.PipeCounts;
import io.ddbsync.cli.local.pipe.StreamShards;
import io.ddbsync.cli.local.pipe.StreamShards.Release;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ItemChange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Changes through the whole local pipeline: stream shards and their parallel lanes, Pipes filter and enrichment, the FIFO
 * queue, the indexer's event source mapping, OpenSearch. Each phase starts on empty indices and ends
 * when every write the changes call for is searchable and the queue has settled.
 */
final class EndToEndBench {

  /**
   * One phase: its changes, the calls they took, the time from the first release until the last
   * write was searchable, and each change's latency from its release to its last write being
   * searchable, sorted.
   */
  record Phase(int changes, int writes, Calls calls, long nanos, long[] latencyNanos) {
    double changesPerSec() {
      return changes / (nanos / 1e9);
    }

    double latencyMs(double quantile) {
      if (latencyNanos.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(quantile * latencyNanos.length) - 1;
      return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank))] / 1e6;
    }

    CostModel.PerChange perChange() {
      double n = changes;
      return new CostModel.PerChange(calls.pipeEvents() / n, calls.enrichmentInvocations() / n,
          calls.enrichmentBilledMs() / n, calls.indexerInvocations() / n, calls.indexerBilledMs() / n,
          calls.sqsRequests() / n, calls.messages() / n);
    }
  }

  /**
   * What a phase's changes cost, counted: records past the filter, function calls with their time
   * and billed milliseconds, messages sent, and the SQS requests that carried them.
   */
  record Calls(long pipeEvents, long enrichmentInvocations, long enrichmentNanos, long enrichmentBilledMs,
      long indexerInvocations, long indexerNanos, long indexerBilledMs, long messages, long sendBatches,
      long receives, long deleteBatches) {
    double enrichmentMeanMs() {
      return enrichmentNanos / 1e6 / Math.max(1, enrichmentInvocations);
    }

    double indexerMeanMs() {
      return indexerNanos / 1e6 / Math.max(1, indexerInvocations);
    }

    long sqsRequests() {
      return sendBatches + receives + deleteBatches;
    }
  }

  private final OpenSearchConnection openSearch;
  private final List<String> indices;
  private final Enrichment enrichment;
  private final Supplier<PipeEmulator> pipes;
  private final int lanes;
  private final int batchSize;
  private final SqsClient sqs;
  private final LocalQueues queues;
  private final Duration timeout;

  EndToEndBench(OpenSearchConnection openSearch, List<String> indices, Enrichment enrichment, Supplier<PipeEmulator> pipes,
      int lanes, int batchSize, SqsClient sqs, LocalQueues queues, Duration timeout) {
    this.openSearch = openSearch;
    this.indices = indices;
    this.enrichment = enrichment;
    this.pipes = pipes;
    this.lanes = lanes;
    this.batchSize = batchSize;
    this.sqs = sqs;
    this.queues = queues;
    this.timeout = timeout;
  }

  /**
   * Every change enters the stream at once: how fast the pipeline works off a backlog. {@code window}:
   * the pipe's batching window.
   */
  Phase backlog(List<ObjectNode> records, Duration window, SqsEventSourceMapping esm) throws Exception {
    return run(records, 0, window, esm);
  }

  /** Changes enter the stream at {@code perSecond}, evenly spaced: how long a change takes to show. */
  Phase steady(List<ObjectNode> records, double perSecond, Duration window, SqsEventSourceMapping esm) throws Exception {
    return run(records, (long) (1e9 / perSecond), window, esm);
  }

  private Phase run(List<ObjectNode> records, long spacingNanos, Duration window, SqsEventSourceMapping esm)
      throws Exception {
    resetIndices();
    // The stream's timestamp is the release time, so versions and latencies follow the schedule.
    Instant wallStart = Instant.now();
    for (int i = 0; i < records.size(); i++) {
      ((ObjectNode) records.get(i).path("dynamodb"))
          .put("ApproximateCreationDateTime", wallStart.plusNanos(i * spacingNanos).getEpochSecond());
    }
    List<Expected> expected = expectedWrites(records);
    SearchableWatcher watcher = new SearchableWatcher(openSearch.client(), expected);
    SqsEventSourceMapping.EsmCounts esmCounts = esm.counts();
    long invocationsBefore = esmCounts.invocations.get();
    long handlerNanosBefore = esmCounts.handlerNanos.get();
    long billedMsBefore = esmCounts.billedMs.get();
    long receivesBefore = esmCounts.receives.get();
    long deletesBefore = esmCounts.deleteBatchCalls.get();
    long start = System.nanoTime();
    List<Release> stream = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      stream.add(new Release(records.get(i), start + i * spacingNanos));
    }
    CompletableFuture<long[]> seen = CompletableFuture.supplyAsync(() -> watcher.await(records.size(), timeout));
    List<PipeEmulator> used = StreamShards.run(stream, lanes, batchSize, window, pipes);
    long failed = used.stream().mapToLong(p -> p.counts().failedRecords.get()).sum();
    if (failed > 0) {
      seen.cancel(true);
      throw new UserError(failed + " records failed in the pipe, last error: " + used.stream()
          .map(p -> p.counts().lastError.get()).filter(e -> !e.isEmpty()).findFirst().orElse(""));
    }
    long[] searchable = seen.get();
    awaitSettled(esm);
    long end = Arrays.stream(searchable).max().orElse(start);
    long[] latencies = new long[records.size()];
    int n = 0;
    for (int i = 0; i < records.size(); i++) {
      if (searchable[i] != 0) {
        latencies[n++] = searchable[i] - stream.get(i).atNanos();
      }
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    PipeCounts pipe = PipeCounts.total(used);
    Calls calls = new Calls(pipe.records.get() - pipe.filteredOut.get(), pipe.invocations.get(),
        pipe.enrichmentNanos.get(), pipe.enrichmentBilledMs.get(), esmCounts.invocations.get() - invocationsBefore,
        esmCounts.handlerNanos.get() - handlerNanosBefore, esmCounts.billedMs.get() - billedMsBefore,
        pipe.enriched.get(), pipe.sendBatchCalls.get(), esmCounts.receives.get() - receivesBefore,
        esmCounts.deleteBatchCalls.get() - deletesBefore);
    return new Phase(records.size(), expected.size(), calls, end - start, sorted);
  }

  /** The writes of the indexer the changes call for, from the enrichment's own output per change. */
  private List<Expected> expectedWrites(List<ObjectNode> records) {
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      for (ChangeMessage message : enrichment.enrich(List.<JsonNode>of(records.get(i))).messages()) {
        if (!(message instanceof ItemChange change)) {
          throw new IllegalStateException("the bench workload made an invalid record: " + message);
        }
        expected.add(new Expected(change.index(), change.id(), change.version(), i));
      }
    }
    return expected;
  }

  private void resetIndices() throws IOException {
    for (String index : indices) {
      // Every generation (the write alias's name cannot be deleted); the setup below makes generation 1 again.
      openSearch.client().indices().delete(d -> d.index(IndexLayout.generationPattern(index)));
    }
    IndexTemplates.apply(openSearch, indices);
  }

  /** Waits until the queue is empty and no indexer holds a batch: duplicates and retries are done. */
  private void awaitSettled(SqsEventSourceMapping esm) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!(LocalQueues.depth(sqs, queues.changes()).empty() && esm.idle())) {
      if (System.nanoTime() > deadline) {
        throw new UserError("the change queue did not settle within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the polling interval of a deadline-bound wait
    }
  }
}
