package io.ddbsync.indexer.observe;

/**
 * What one invocation did, emitted as one EMF line ({@link EmfLine}).
 *
 * @param indexed documents written (upserts and fetched items)
 * @param deleted tombstones written
 * @param conflicts items refused with 409 because the index already held a newer version
 * @param duplicates messages skipped because idempotency found them already applied
 * @param retried item retries sent after a retryable failure
 * @param deadLettered messages moved to the dead-letter queue
 * @param failed messages reported as batch item failures (redelivered by SQS)
 * @param lagMaxSeconds largest now − streamTime among the applied items
 * @param lagAvgSeconds average now − streamTime among the applied items
 */
public record BatchMetrics(
    int messages,
    int indexed,
    int deleted,
    int conflicts,
    int duplicates,
    int retried,
    int deadLettered,
    int failed,
    double lagMaxSeconds,
    double lagAvgSeconds) {}
