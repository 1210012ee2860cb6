package io.ddbsync.cli.command.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    EndToEndBench.Phase latency,
    double latencyRate,
    Map<String, Map<CpuProfile.Part, Double>> profile,
    Path functionLog) {

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
    json.put("latencyP50Ms", round(latency.latencyMs(0.5)));
    json.put("latencyP99Ms", round(latency.latencyMs(0.99)));
    json.put("latencyMaxMs", round(latency.latencyMs(1)));
    json.put("latencyChangesPerSec", round(latencyRate));
    json.put("changes", throughput.changes());
    json.put("writes", throughput.writes());
    json.put("enrichmentInvocations", throughput.enrichmentInvocations());
    json.put("enrichmentMeanMs", round3(throughput.enrichmentMeanMs()));
    json.put("indexerInvocations", throughput.indexerInvocations());
    json.put("indexerMeanMs", round3(throughput.indexerMeanMs()));
    json.put("latencyChanges", latency.changes());
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
        throughput.indexerInvocations(),
        convergence.converged() ? "index converged" : "index NOT converged: " + convergence.examples());
    out.printf(Locale.ROOT, "  functions     enrichment %,d calls of %.2f ms on average, indexer %,d calls of %.2f ms%n",
        throughput.enrichmentInvocations(), throughput.enrichmentMeanMs(), throughput.indexerInvocations(),
        throughput.indexerMeanMs());
    out.printf(Locale.ROOT, "  latency       p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms from entering the stream to"
            + " searchable; %,d changes at %.0f/s%n",
        latency.latencyMs(0.5), latency.latencyMs(0.99), latency.latencyMs(1), latency.changes(), latencyRate);
    out.println("  where the CPU went (JFR samples in this JVM; dynalite runs outside it):");
    profile.forEach((phase, shares) -> out.printf("    %-27s %s%n", phase, String.join(", ", shares.entrySet().stream()
        .filter(e -> e.getValue() >= 0.005)
        .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey().label, 100 * e.getValue())).toList())));
    out.printf("  function logs %s%n", functionLog);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
