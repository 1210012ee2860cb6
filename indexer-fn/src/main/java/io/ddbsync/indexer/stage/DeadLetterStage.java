package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.deadletter.DeadLetter;
import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Poison goes to the dead-letter queue and is acknowledged, unless an earlier message of its group
 * failed: then it is held back and dead-lettered on redelivery.
 *
 * <p>A send is recorded in the idempotency store under the SQS message id. An invocation that dies
 * after the send and before its response has its batch redelivered after the visibility timeout, which
 * can outlast SQS's 5-minute deduplication window of the dead-letter queue; the record then stops a
 * second dead letter. The key is the SQS message id, not the change's dedupId: a message redriven
 * from the dead-letter queue gets a new message id and must be tried again, not skipped.
 */
public final class DeadLetterStage {

  static final String KEY_PREFIX = "dead-letter#";

  private final Optional<DeadLetterQueue> deadLetters;
  private final IdempotencyGuard idempotency;
  private final Clock clock;

  /** @param deadLetters empty when DEAD_LETTER_QUEUE_URL is not set: poison is then reported failed */
  public DeadLetterStage(Optional<DeadLetterQueue> deadLetters, IdempotencyGuard idempotency, Clock clock) {
    this.deadLetters = deadLetters;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  public void run(Batch batch, Instant deadline) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.proceeds(i, Outcome.Type.POISON)) {
        batch.set(i, deadLetter(batch, i, (Outcome.Poison) batch.outcome(i), deadline));
      }
    }
  }

  private Outcome deadLetter(Batch batch, int position, Outcome.Poison poison, Instant deadline) {
    if (deadLetters.isEmpty()) {
      return new Outcome.Retry("DEAD_LETTER_QUEUE_URL is not set: " + poison.reason());
    }
    String key = KEY_PREFIX + batch.message(position).messageId();
    IdempotencyGuard.Claim claim = idempotency.claim(key, Duration.between(clock.instant(), deadline));
    switch (claim) {
      case ALREADY_APPLIED -> {
        return new Outcome.Duplicate();
      }
      case IN_PROGRESS -> {
        return new Outcome.Retry("being dead-lettered by another invocation: " + poison.reason());
      }
      case CLAIMED, UNAVAILABLE -> {} // without the store, a second dead letter beats a blocked group
    }
    try {
      deadLetters.get().send(new DeadLetter(batch.message(position), poison.kind(), poison.reason()));
    } catch (RuntimeException e) {
      settle(claim, key, false);
      return new Outcome.Retry("dead-letter queue send failed (" + e.getMessage() + "): " + poison.reason());
    }
    settle(claim, key, true);
    return new Outcome.DeadLettered(poison.kind(), poison.reason());
  }

  private void settle(IdempotencyGuard.Claim claim, String key, boolean sent) {
    if (claim != IdempotencyGuard.Claim.CLAIMED) {
      return;
    }
    try {
      if (sent) {
        idempotency.applied(key);
      } else {
        idempotency.release(key);
      }
    } catch (RuntimeException e) {
      // Left in progress, the record expires with this invocation's remaining time: a redelivery
      // after that sends again, as it would without the record.
    }
  }
}
