package io.ddbsync.indexer;

import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.stage.Batch;
import io.ddbsync.indexer.stage.BatchReport;
import io.ddbsync.indexer.stage.Claims;
import io.ddbsync.indexer.stage.DeadLetterStage;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.KeptDocumentStage;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.indexer.stage.Parse;
import io.ddbsync.indexer.stage.WriteStage;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies one SQS FIFO batch to OpenSearch. Stages, each in batch order, each consulting the batch's
 * one FIFO rule ({@link io.ddbsync.indexer.stage.GroupFailures}: a message behind a failed message of
 * its group is held back):
 *
 * <ol>
 *   <li>{@link Parse}: bodies that are not change messages, and {@code invalid} messages, are poison;
 *   <li>{@link Claims#claim}: idempotency skips messages already applied, and fails those in progress
 *       elsewhere;
 *   <li>{@link FetchStage}: fetch messages read the current item (consistent read);
 *   <li>{@link KeptDocumentStage} (TTL_EXPIRY=keep, several routed indices): one {@code _mget} finds
 *       documents kept live in another index under the ids about to be written, to tombstone them;
 *   <li>{@link WriteStage}: one {@code _bulk} with external versions, retrying retryable items;
 *   <li>{@link Claims#settle}: claims are marked applied or released;
 *   <li>{@link DeadLetterStage}: poison goes to the dead-letter queue and is acknowledged;
 *   <li>{@link BatchReport}: failed messages and every later message of their group are reported.
 * </ol>
 */
public final class Indexer {

  private final Claims claims;
  private final FetchStage fetch;
  private final Optional<KeptDocumentStage> kept;
  private final WriteStage write;
  private final DeadLetterStage deadLetter;
  private final BatchReport report;

  /**
   * @param calls runs the idempotency calls of different groups at once; built once per container
   * @param kept empty unless TTL_EXPIRY=keep and the routes name more than one index
   * @param deadLetters empty when DEAD_LETTER_QUEUE_URL is not set (poison is then reported failed)
   */
  public Indexer(
      RetryingBulkWriter writer,
      FetchStage fetch,
      Optional<KeptDocumentStage> kept,
      IdempotencyGuard idempotency,
      ParallelCalls calls,
      Optional<DeadLetterQueue> deadLetters,
      Clock clock,
      MessageLog log) {
    this.claims = new Claims(idempotency, calls, clock, log);
    this.fetch = fetch;
    this.kept = kept;
    this.write = new WriteStage(writer, log);
    this.deadLetter = new DeadLetterStage(deadLetters, idempotency, clock);
    this.report = new BatchReport(clock, log);
  }

  /** Processes {@code messages} (in queue order), giving up retries at {@code deadline}. */
  public BatchReport.Result index(List<QueueMessage> messages, Instant deadline) {
    Batch batch = Parse.batch(messages);
    claims.claim(batch, deadline);
    fetch.run(batch);
    kept.ifPresent(stage -> stage.run(batch));
    int retried = write.run(batch, deadline);
    claims.settle(batch);
    deadLetter.run(batch, deadline);
    return report.run(batch, retried);
  }
}
