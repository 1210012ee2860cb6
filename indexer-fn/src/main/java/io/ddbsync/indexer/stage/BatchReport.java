package io.ddbsync.indexer.stage;

import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.observe.BatchMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The last stage: the ids to report as batch item failures, the metrics, and a log line per message. */
public final class BatchReport {

  /** The ids to report as batch item failures, in batch order, and what happened. */
  public record Result(List<String> failedMessageIds, BatchMetrics metrics) {}

  private final Clock clock;
  private final MessageLog log;

  public BatchReport(Clock clock, MessageLog log) {
    this.clock = clock;
    this.log = log;
  }

  public Result run(Batch batch, int retried) {
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      boolean reportedFailed = batch.reportedFailed(i);
      if (reportedFailed) {
        failed.add(batch.message(i).messageId());
      }
      logOutcome(batch, i, reportedFailed);
    }
    return new Result(failed, metrics(batch, retried, failed.size()));
  }

  private BatchMetrics metrics(Batch batch, int retried, int failed) {
    int indexed = 0;
    int deleted = 0;
    int conflicts = 0;
    int duplicates = 0;
    int gone = 0;
    int deadLettered = 0;
    int unindexed = 0;
    int keptReplaced = 0;
    double lagMax = 0;
    double lagSum = 0;
    int lagCount = 0;
    long now = clock.instant().getEpochSecond();
    for (int i = 0; i < batch.size(); i++) {
      Outcome outcome = batch.outcome(i);
      switch (outcome.type()) {
        case APPLIED -> {
          Outcome.Applied applied = (Outcome.Applied) outcome;
          if (applied.conflict()) {
            conflicts++;
          } else if (applied.tombstone()) {
            deleted++;
          } else {
            indexed++;
            unindexed += applied.unindexed().size();
            keptReplaced += batch.keptReplaced(i);
          }
          double lag = Math.max(0, now - batch.change(i).orElseThrow().streamTime());
          lagMax = Math.max(lagMax, lag);
          lagSum += lag;
          lagCount++;
        }
        case DUPLICATE -> duplicates++;
        case GONE -> gone++;
        case DEAD_LETTERED -> deadLettered++;
        case PENDING, READY, POISON, RETRY, HELD_BACK -> {}
      }
    }
    return new BatchMetrics(
        batch.size(), indexed, deleted, conflicts, duplicates, gone, retried, deadLettered, failed,
        batch.unclaimedCount(), unindexed, keptReplaced, lagMax, lagCount == 0 ? 0 : lagSum / lagCount);
  }

  private void logOutcome(Batch batch, int position, boolean reportedFailed) {
    Outcome outcome = batch.outcome(position);
    boolean notApplied = reportedFailed || outcome.type() == Outcome.Type.DEAD_LETTERED;
    if (!log.log().enabled(notApplied ? JsonLog.Level.WARN : JsonLog.Level.DEBUG)) {
      return;
    }
    Map<String, Object> fields = log.fields(batch, position);
    fields.put("outcome", reportedFailed ? "failed" : outcome.type().name().toLowerCase(Locale.ROOT));
    switch (outcome.type()) {
      case APPLIED -> {
        if (((Outcome.Applied) outcome).conflict()) {
          fields.put("conflict", true);
        }
      }
      case DEAD_LETTERED -> {
        Outcome.DeadLettered deadLettered = (Outcome.DeadLettered) outcome;
        fields.put("reason", deadLettered.reason());
        fields.put("kind", deadLettered.kind().attributeValue());
      }
      case POISON -> {
        Outcome.Poison poison = (Outcome.Poison) outcome;
        fields.put("reason", poison.reason());
        fields.put("kind", poison.kind().attributeValue());
      }
      case RETRY -> fields.put("reason", ((Outcome.Retry) outcome).reason());
      case HELD_BACK -> fields.put("reason", ((Outcome.HeldBack) outcome).reason());
      case PENDING, READY, DUPLICATE, GONE -> {}
    }
    fields.put("receiveCount", batch.message(position).receiveCount());
    if (notApplied) {
      log.log().warn("message not applied", fields);
    } else {
      log.log().log(JsonLog.Level.DEBUG, "message done", fields);
    }
  }
}
