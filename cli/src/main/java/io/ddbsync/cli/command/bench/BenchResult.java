package io.ddbsync.cli.command.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The figures of one {@code ddbsync bench} run, as a table or as one JSON object. */
record BenchResult(
    PipelineSettings settings,
    int shards,
    int concurrency,
    boolean idempotency,
    BulkPathBench.Result bulk,
    double drift,
    Optional<BulkPathBench.Result> drifted,
    double queueMessagesPerSec,
    EndToEndBench.Phase throughput,
    Convergence convergence,
    List<WindowLatency> latencies,
    double latencyRate,
    Map<String, Map<CpuProfile.Part, Double>> profile,
    Path functionLog) {

  /** A latency phase and the pipe batching window it ran with. */
  record WindowLatency(int windowSeconds, EndToEndBench.Phase phase) {}

  double e2eRatio() {
    return throughput.changesPerSec() / bulk.rawDocsPerSec();
  }

  ObjectNode json() {
    ObjectNode json = ChangeMessages.MAPPER.createObjectNode();
    json.put("rawBulkDocsPerSec", round(bulk.rawDocsPerSec()));
    json.put("indexerDocsPerSec", round(bulk.indexerDocsPerSec()));
    json.put("indexerRatio", round3(bulk.ratio()));
    drifted.ifPresent(d -> {
      json.put("drift", drift);
      json.put("rawBulkDocsPerSecDrift", round(d.rawDocsPerSec()));
      json.put("indexerDocsPerSecDrift", round(d.indexerDocsPerSec()));
      json.put("indexerRatioDrift", round3(d.ratio()));
      json.put("rawBulkRefusedDrift", d.rawRefused());
      d.roundRatios().forEach(r -> json.withArray("indexerRatioDriftPerRound").add(round3(r)));
    });
    json.put("e2eChangesPerSec", round(throughput.changesPerSec()));
    json.put("e2eRatio", round3(e2eRatio()));
    json.put("queueMessagesPerSec", round(queueMessagesPerSec));
    json.put("e2eToQueueRatio", round3(throughput.changesPerSec() / queueMessagesPerSec));
    json.put("latencyChangesPerSec", round(latencyRate));
    CostModel costs = costModel();
    for (WindowLatency window : latencies) {
      EndToEndBench.Phase phase = window.phase();
      CostModel.PerChange perChange = phase.perChange();
      CostModel.Breakdown cost = costs.perMillion(perChange);
      ObjectNode byWindow = json.withArray("latencyByWindow").addObject();
      byWindow.put("batchingWindowSeconds", window.windowSeconds());
      byWindow.put("latencyP50Ms", round(phase.latencyMs(0.5)));
      byWindow.put("latencyP99Ms", round(phase.latencyMs(0.99)));
      byWindow.put("latencyMaxMs", round(phase.latencyMs(1)));
      byWindow.put("latencyChanges", phase.changes());
      byWindow.put("enrichmentCallsPerChange", round3(perChange.enrichmentCalls()));
      byWindow.put("indexerCallsPerChange", round3(perChange.indexerCalls()));
      byWindow.put("sqsCallsPerChange", round3(perChange.sqsRequests()));
      byWindow.put("sqsSendBatches", phase.calls().sendBatches());
      byWindow.put("sqsReceives", phase.calls().receives());
      byWindow.put("sqsDeleteBatches", phase.calls().deleteBatches());
      byWindow.put("enrichmentMeanMs", round3(phase.calls().enrichmentMeanMs()));
      byWindow.put("indexerMeanMs", round3(phase.calls().indexerMeanMs()));
      ObjectNode usd = byWindow.putObject("costPerMillionChangesUsd");
      usd.put("pipes", round3(cost.pipes()));
      usd.put("enrichment", round3(cost.enrichment()));
      usd.put("indexer", round3(cost.indexer()));
      usd.put("sqs", round3(cost.sqs()));
      usd.put("idempotencyTable", round3(cost.idempotencyTable()));
      usd.put("logs", round3(cost.logs()));
      usd.put("total", round3(cost.total()));
    }
    json.put("changes", throughput.changes());
    json.put("writes", throughput.writes());
    json.put("enrichmentInvocations", throughput.calls().enrichmentInvocations());
    json.put("enrichmentMeanMs", round3(throughput.calls().enrichmentMeanMs()));
    json.put("indexerInvocations", throughput.calls().indexerInvocations());
    json.put("indexerMeanMs", round3(throughput.calls().indexerMeanMs()));
    json.put("converged", convergence.converged());
    json.put("pipeBatchSize", settings.pipeBatchSize());
    json.put("batchingWindowSeconds", settings.batchingWindowSeconds());
    json.put("shards", shards);
    json.put("parallelizationFactor", settings.parallelizationFactor());
    json.put("indexerBatchSize", settings.indexerBatchSize());
    json.put("indexerConcurrency", concurrency);
    json.put("idempotency", idempotency);
    bulk.roundRatios().forEach(r -> json.withArray("indexerRatioPerRound").add(round3(r)));
    ObjectNode cpu = json.putObject("cpuShares");
    profile.forEach((phase, shares) -> {
      ObjectNode byPart = cpu.putObject(phase);
      shares.forEach((part, share) -> byPart.put(part.label, round3(share)));
    });
    return json;
  }

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "ddbsync bench: pipe BatchSize %d, batching window %d s, %d stream shards x ParallelizationFactor %d;"
            + " indexer BatchSize %d, MaximumConcurrency %d, idempotency %s%n",
        settings.pipeBatchSize(), settings.batchingWindowSeconds(), shards, settings.parallelizationFactor(),
        settings.indexerBatchSize(), concurrency,
        idempotency ? "on (dynalite)" : "off");
    out.printf(Locale.ROOT, "  raw _bulk     %,9.0f docs/s     %d writers, batches of %d, the indexer's client%n",
        bulk.rawDocsPerSec(), concurrency, BulkPathBench.BATCH);
    out.printf(Locale.ROOT, "  indexer path  %,9.0f docs/s     ratio %.3f to raw _bulk (per round: %s)%n",
        bulk.indexerDocsPerSec(), bulk.ratio(), String.join(" ",
            bulk.roundRatios().stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList()));
    drifted.ifPresent(d -> out.printf(Locale.ROOT, "  with drift %.2f: indexer path %,.0f docs/s, raw _bulk %,.0f docs/s (%,d"
            + " documents refused), ratio %.3f (per round: %s)%n",
        drift, d.indexerDocsPerSec(), d.rawDocsPerSec(), d.rawRefused(), d.ratio(), String.join(" ",
            d.roundRatios().stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList())));
    out.printf(Locale.ROOT, "  local queue   %,9.0f messages/s sent, received and deleted with no function between%n",
        queueMessagesPerSec);
    out.printf(Locale.ROOT, "  end to end    %,9.0f changes/s  ratio %.3f to raw _bulk; %,d changes, %,d writes in %,d"
            + " indexer calls, %s%n",
        throughput.changesPerSec(), e2eRatio(), throughput.changes(), throughput.writes(),
        throughput.calls().indexerInvocations(),
        convergence.converged() ? "index converged" : "index NOT converged: " + convergence.examples());
    out.printf(Locale.ROOT, "  functions     enrichment %,d calls of %.2f ms on average, indexer %,d calls of %.2f ms%n",
        throughput.calls().enrichmentInvocations(), throughput.calls().enrichmentMeanMs(),
        throughput.calls().indexerInvocations(), throughput.calls().indexerMeanMs());
    out.printf(Locale.ROOT, "  latency       from entering the stream to searchable at %.0f changes/s, per pipe batching window;"
        + " per change: enrichment and indexer calls, SQS requests; USD per million changes%n", latencyRate);
    CostModel costs = costModel();
    for (WindowLatency window : latencies) {
      EndToEndBench.Phase phase = window.phase();
      CostModel.PerChange perChange = phase.perChange();
      out.printf(Locale.ROOT, "    window %d s  p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms; enrichment %.3f, indexer %.3f,"
              + " SQS %.3f; $%.3f%n",
          window.windowSeconds(), phase.latencyMs(0.5), phase.latencyMs(0.99), phase.latencyMs(1),
          perChange.enrichmentCalls(), perChange.indexerCalls(), perChange.sqsRequests(), costs.perMillion(perChange).total());
    }
    out.println("  where the CPU went (JFR samples in this JVM; dynalite runs outside it):");
    profile.forEach((phase, shares) -> out.printf("    %-32s %s%n", phase, String.join(", ", shares.entrySet().stream()
        .filter(e -> e.getValue() >= 0.005)
        .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey().label, 100 * e.getValue())).toList())));
    out.printf("  function logs %s%n", functionLog);
  }

  private CostModel costModel() {
    return new CostModel(CostModel.Prices.US_EAST_1, settings.enrichment().memoryMb(), settings.indexer().memoryMb(),
        idempotency);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
