package io.ddbsync.indexer.idempotency;

import java.time.Duration;

/**
 * Remembers which messages were applied, by deduplication id, so that a redelivered message
 * (visibility timeout, a batch reported partly failed, a redrive) does not write a second time.
 */
public interface IdempotencyGuard {

  /** What {@link #claim} found. */
  enum Claim {
    /** Nobody has applied it: go ahead, then call {@link #applied} or {@link #release}. */
    CLAIMED,
    /** Applied before: acknowledge without writing. */
    ALREADY_APPLIED,
    /** Another invocation is applying it now: report it failed so SQS redelivers it later. */
    IN_PROGRESS,
    /**
     * The store could not answer (throttling, errors, timeouts): apply it anyway, without a claim.
     * External versions make a repeated write harmless, so an outage costs repeated work, not
     * correctness; failing the message would stop indexing for as long as the outage lasts.
     */
    UNAVAILABLE
  }

  /** Idempotency off (IDEMPOTENCY_TABLE empty): every message is claimed, nothing is stored. */
  IdempotencyGuard OFF =
      new IdempotencyGuard() {
        @Override
        public Claim claim(String dedupId, Duration remainingTime) {
          return Claim.CLAIMED;
        }

        @Override
        public void applied(String dedupId) {}

        @Override
        public void release(String dedupId) {}
      };

  /**
   * Marks the message in progress until {@code remainingTime} has passed (after which a crashed
   * invocation's claim can be taken over).
   */
  Claim claim(String dedupId, Duration remainingTime);

  /** The write succeeded: later deliveries are skipped until the record expires. */
  void applied(String dedupId);

  /** The write did not happen: drop the claim so the redelivery can apply it. */
  void release(String dedupId);

  /**
   * Looks up a record that does not exist, through the store's read path, and ignores the outcome:
   * SnapStart priming. Changes nothing; a store without a network round trip has nothing to prime.
   */
  default void primeRead() {}
}
