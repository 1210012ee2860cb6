package io.ddbsync.indexer.observe;

import io.ddbsync.function.metrics.EmfLine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one invocation did, emitted as one EMF line ({@link #emf}).
 *
 * @param indexed documents written (upserts and fetched items)
 * @param deleted tombstones written
 * @param conflicts items refused with 409 because the index already held a newer version
 * @param duplicates messages skipped because idempotency found them already applied
 * @param gone fetch messages acknowledged without a write because the item no longer exists
 * @param retried item retries sent after a retryable failure
 * @param deadLettered messages moved to the dead-letter queue
 * @param failed messages reported as batch item failures (redelivered by SQS)
 * @param idempotencyUnavailable messages applied without a claim because the idempotency store
 *     could not answer
 * @param unindexedFields values kept unsearchable under {@code @unindexed} in the documents written,
 *     because the index's mapping cannot take them
 * @param keptReplaced documents kept after a TTL expiry ({@code TTL_EXPIRY=keep}) tombstoned in
 *     another index because their key was written again and routed elsewhere
 * @param lagMaxSeconds largest now − streamTime among the applied items
 * @param lagAvgSeconds average now − streamTime among the applied items
 */
public record BatchMetrics(
    int messages,
    int indexed,
    int deleted,
    int conflicts,
    int duplicates,
    int gone,
    int retried,
    int deadLettered,
    int failed,
    int idempotencyUnavailable,
    int unindexedFields,
    int keptReplaced,
    double lagMaxSeconds,
    double lagAvgSeconds) {

  /** The EMF line; lag only when something was applied. */
  public String emf(String namespace, String service, Instant timestamp) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("messages", messages);
    counts.put("indexed", indexed);
    counts.put("deleted", deleted);
    counts.put("conflicts", conflicts);
    counts.put("duplicates", duplicates);
    counts.put("gone", gone);
    counts.put("retried", retried);
    counts.put("deadLettered", deadLettered);
    counts.put("failed", failed);
    counts.put("IdempotencyUnavailable", idempotencyUnavailable);
    counts.put("UnindexedFields", unindexedFields);
    counts.put("KeptReplaced", keptReplaced);
    Map<String, Double> lag = new LinkedHashMap<>();
    if (indexed + deleted + conflicts > 0) {
      lag.put("lagMax", lagMaxSeconds);
      lag.put("lagAvg", lagAvgSeconds);
    }
    return EmfLine.render(namespace, service, counts, lag, timestamp);
  }
}
