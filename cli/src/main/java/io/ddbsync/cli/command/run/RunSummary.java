package io.ddbsync.cli.command.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.faults.FaultReport;
import io.ddbsync.cli.local.function.FunctionLog;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a local run did, end to end. Counts are of stream records at the pipe, of messages at the
 * queue, and of documents at OpenSearch (the indexer's own EMF metrics, summed). A workload run adds
 * the convergence check, a run with {@code --faults} what was injected.
 */
public record RunSummary(
    String source,
    long records,
    long filteredOut,
    long skipped,
    long enriched,
    long pipeFailedRecords,
    PipeFailures pipeFailures,
    long indexed,
    long deleted,
    long conflicts,
    long duplicates,
    long gone,
    long idempotencyUnavailable,
    long deadLettered,
    Map<String, Long> deadLetterReasons,
    long retried,
    long invocations,
    long batchItemFailures,
    long indexerErrors,
    long opensearchRetries,
    long unindexedFields,
    long keptReplaced,
    long routedDocuments,
    int visibilityTimeoutSeconds,
    int templateVisibilityTimeoutSeconds,
    long startupMs,
    long elapsedMs,
    String functionLog,
    String lastError,
    Optional<Convergence> convergence,
    Optional<FaultReport> faults) {

  /**
   * How the pipe's failures went: retries (with backoff), bisections, queue entries refused and
   * retried, SDK errors on send (retried, not counted as retry attempts), batches dead-lettered,
   * replayed from the stream or not, left in the pipe's dead-letter queue at the end, and records
   * dropped for want of a dead-letter queue.
   */
  public record PipeFailures(long retries, long bisections, long refusedEntries, long sendErrors,
      long deadLetteredBatches, long replayedBatches, long notReplayedBatches, long leftInPipeDeadLetters,
      long droppedRecords) {

    public static PipeFailures of(PipeEmulator.PipeCounts counts, StreamReplay.Tally replayed, long left) {
      return new PipeFailures(counts.pipeRetries.get(), counts.bisections.get(), counts.refusedEntries.get(),
          counts.sendErrors.get(), counts.deadLetteredBatches.get(), replayed.recovered(), replayed.notRecovered(),
          left, counts.droppedRecords.get());
    }
  }

  /** The summary of what the pipe, the event source mapping and the indexer (its EMF metrics in {@code log}) counted. */
  static RunSummary of(String source, PipeEmulator.PipeCounts pipe, PipeFailures pipeFailures,
      SqsEventSourceMapping.EsmCounts esm, FunctionLog log,
      Map<String, Long> deadLetterReasons, long live, int visibility, int templateVisibility, long startupMs,
      long elapsedMs, Optional<Convergence> convergence, Optional<FaultReport> faultReport) {
    String lastError = !pipe.lastError.get().isEmpty() ? pipe.lastError.get() : esm.lastError.get();
    return new RunSummary(
        source,
        pipe.records.get(),
        pipe.filteredOut.get(),
        pipe.skipped.get(),
        pipe.enriched.get(),
        pipe.failedRecords.get(),
        pipeFailures,
        log.metric("indexed"),
        log.metric("deleted"),
        log.metric("conflicts"),
        log.metric("duplicates"),
        log.metric("gone"),
        log.metric("IdempotencyUnavailable"),
        deadLetterReasons.values().stream().mapToLong(Long::longValue).sum(),
        deadLetterReasons,
        esm.redelivered.get(),
        esm.invocations.get(),
        esm.reportedFailures.get(),
        esm.handlerErrors.get(),
        log.metric("retried"),
        log.metric("UnindexedFields"),
        log.metric("KeptReplaced"),
        live,
        visibility,
        templateVisibility,
        startupMs,
        elapsedMs,
        log.file().toString(),
        lastError,
        convergence,
        faultReport);
  }

  /**
   * Whether the run did what it must: no record lost in the pipe (none dropped, none left in its
   * dead-letter queue), and the index converged if checked.
   */
  public boolean succeeded() {
    return pipeFailures.droppedRecords() == 0 && pipeFailures.leftInPipeDeadLetters() == 0
        && convergence.map(Convergence::converged).orElse(true);
  }

  public ObjectNode json() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("source", source);
    fields.put("records", records);
    fields.put("filteredOut", filteredOut);
    fields.put("skipped", skipped);
    fields.put("enriched", enriched);
    fields.put("pipeFailedRecords", pipeFailedRecords);
    fields.put("pipeFailures", pipeFailures);
    fields.put("indexed", indexed);
    fields.put("deleted", deleted);
    fields.put("conflicts", conflicts);
    fields.put("duplicates", duplicates);
    fields.put("gone", gone);
    fields.put("idempotencyUnavailable", idempotencyUnavailable);
    fields.put("deadLettered", deadLettered);
    fields.put("deadLetterReasons", deadLetterReasons);
    fields.put("retried", retried);
    fields.put("invocations", invocations);
    fields.put("batchItemFailures", batchItemFailures);
    fields.put("indexerErrors", indexerErrors);
    fields.put("opensearchRetries", opensearchRetries);
    fields.put("unindexedFields", unindexedFields);
    fields.put("keptReplaced", keptReplaced);
    fields.put("liveDocuments", routedDocuments);
    fields.put("visibilityTimeoutSeconds", visibilityTimeoutSeconds);
    fields.put("templateVisibilityTimeoutSeconds", templateVisibilityTimeoutSeconds);
    fields.put("startupMs", startupMs);
    fields.put("elapsedMs", elapsedMs);
    fields.put("functionLog", functionLog);
    convergence.ifPresent(c -> {
      fields.put("expectedLive", c.expectedLive());
      fields.put("missing", c.missing());
      fields.put("stale", c.stale());
      fields.put("resurrected", c.resurrected());
      fields.put("poison", c.poison());
      fields.put("poisonUnaccounted", c.poisonUnaccounted());
      if (!c.examples().isEmpty()) {
        fields.put("divergence", c.examples());
      }
    });
    faults.ifPresent(f -> fields.put("faults", f.json()));
    if (!lastError.isEmpty()) {
      fields.put("lastError", lastError);
    }
    return ChangeMessages.MAPPER.valueToTree(fields);
  }

  public void print(PrintWriter out) {
    out.printf("ddbsync run: %d stream records from %s%n", records, source);
    out.printf("  pipe     %d filtered out; %d change messages sent; %d records skipped (no indexed change)%s%n",
        filteredOut, enriched, skipped,
        pipeFailedRecords > 0 ? ", " + pipeFailedRecords + " records given up by the pipe" : "");
    if (pipeFailedRecords > 0 || pipeFailures.retries() > 0 || pipeFailures.sendErrors() > 0) {
      out.printf("           %d retries, %d bisections, %d queue entries refused, %d send errors; %d batches to the"
          + " pipe dead-letter queue, %d replayed, %d not, %d left%n", pipeFailures.retries(), pipeFailures.bisections(),
          pipeFailures.refusedEntries(), pipeFailures.sendErrors(), pipeFailures.deadLetteredBatches(),
          pipeFailures.replayedBatches(), pipeFailures.notReplayedBatches(), pipeFailures.leftInPipeDeadLetters());
    }
    out.printf("  indexer  %d indexed, %d deleted (tombstones), %d conflicts (index already newer), %d duplicates,"
            + " %d gone (fetched item no longer there)%n",
        indexed, deleted, conflicts, duplicates, gone);
    out.printf("           %d invocations, %d batch item failures, %d failed invocations%n",
        invocations, batchItemFailures, indexerErrors);
    if (idempotencyUnavailable > 0) {
      out.printf("           %d messages indexed without a claim (idempotency store unavailable)%n", idempotencyUnavailable);
    }
    if (keptReplaced > 0) {
      out.printf("           %d documents kept after a TTL expiry tombstoned (key written again under another route)%n",
          keptReplaced);
    }
    out.printf("  queues   %d dead-lettered, %d redelivered after a failure%n", deadLettered, retried);
    deadLetterReasons.forEach((reason, count) -> out.printf("           %d x %s%n", count, reason));
    out.printf("           (visibility timeout %d s locally, the template's %d s at --time-scale)%n",
        visibilityTimeoutSeconds, templateVisibilityTimeoutSeconds);
    out.printf("  index    %d live documents in the routed indices; %d values kept under @unindexed (no mapping"
        + " takes them)%n", routedDocuments, unindexedFields);
    faults.ifPresent(f -> {
      out.printf("  faults   %s%n", f.spec());
      FaultReport.ProxyCounts p = f.proxy();
      out.printf("           OpenSearch: %d bulk requests, %d refused 429, %d refused 503, %d timed out after"
          + " applying, %d items 429, %d items 503%n",
          p.bulkRequests(), p.refused429(), p.refused503(), p.timedOut(), p.items429(), p.items503());
      FaultReport.EnvironmentCounts e = f.environment();
      out.printf("           indexer: %d invocations killed, %d with the idempotency table down; killed messages:"
          + " %d applied later (longest wait %.1f s), %d never acknowledged%n", e.kills(), e.idempotencyOutages(),
          e.killedRecovered(), e.killedLongestWaitMs() / 1000.0, e.killedNeverAcknowledged());
      out.printf("           queue: %d duplicates sent, %d dead-lettered on purpose, %d redriven, %d left in the"
          + " dead-letter queue%n", f.duplicatesSent(), f.deadLetteredOnPurpose(), f.redriven(), f.leftInDeadLetters());
    });
    convergence.ifPresent(c -> {
      out.printf("  check    %s: %d expected live, %d missing, %d stale, %d resurrected; %d poison changes, %d not"
          + " in the dead-letter queue with a mapping reason%n",
          c.converged() ? "converged" : "DID NOT CONVERGE", c.expectedLive(), c.missing(), c.stale(),
          c.resurrected(), c.poison(), c.poisonUnaccounted());
      c.examples().forEach(e -> out.printf("           %s%n", e));
    });
    out.printf("  took     %.1f s (engines started in %.1f s); function logs: %s%n",
        elapsedMs / 1000.0, startupMs / 1000.0, functionLog);
    if (!lastError.isEmpty()) {
      out.printf("  last error: %s%n", lastError);
    }
  }
}
