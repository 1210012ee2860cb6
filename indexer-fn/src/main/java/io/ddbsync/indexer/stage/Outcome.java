package io.ddbsync.indexer.stage;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import java.util.List;

/** Where one message of the batch stands; each stage replaces it with a later one. */
public sealed interface Outcome {

  /** Parsed, not yet written; upserts and deletes become their item in the write stage. */
  record Pending() implements Outcome {
    @Override
    public Type type() {
      return Type.PENDING;
    }
  }

  /**
   * Items to write for one message, the document first: a fetched item, with a tombstone where it
   * left the message's index; or a document with tombstones over kept documents in other indices.
   */
  record Ready(List<BulkItem> items) implements Outcome {
    @Override
    public Type type() {
      return Type.READY;
    }
  }

  /** Never going to succeed: to the dead-letter queue. */
  record Poison(DeadLetterKind kind, String reason) implements Outcome {
    @Override
    public Type type() {
      return Type.POISON;
    }
  }

  /**
   * Written, or refused with 409 because the index already held a newer version; {@code unindexed}
   * lists the paths of the values written under {@code @unindexed}, because no mapping could take them.
   */
  record Applied(boolean tombstone, boolean conflict, List<String> unindexed) implements Outcome {
    public Applied(boolean tombstone, boolean conflict) {
      this(tombstone, conflict, List.of());
    }

    @Override
    public Type type() {
      return Type.APPLIED;
    }
  }

  /** Idempotency found it applied, or dead-lettered, before: acknowledged without a write. */
  record Duplicate() implements Outcome {
    @Override
    public Type type() {
      return Type.DUPLICATE;
    }
  }

  /** A fetch found no item: acknowledged without a write (the item's delete has its own message). */
  record Gone() implements Outcome {
    @Override
    public Type type() {
      return Type.GONE;
    }
  }

  /** Moved to the dead-letter queue. */
  record DeadLettered(DeadLetterKind kind, String reason) implements Outcome {
    @Override
    public Type type() {
      return Type.DEAD_LETTERED;
    }
  }

  /** Failed: reported so that SQS delivers it again. */
  record Retry(String reason) implements Outcome {
    @Override
    public Type type() {
      return Type.RETRY;
    }
  }

  /** Not attempted because an earlier message of its group failed: reported failed with it. */
  record HeldBack(String reason) implements Outcome {
    @Override
    public Type type() {
      return Type.HELD_BACK;
    }
  }

  Pending PENDING = new Pending();

  /** The kinds, for exhaustive {@code switch}es (Java 17 has no pattern switch). */
  enum Type {
    PENDING,
    READY,
    POISON,
    APPLIED,
    DUPLICATE,
    GONE,
    DEAD_LETTERED,
    RETRY,
    HELD_BACK
  }

  Type type();

  /** Whether the message must be delivered again. */
  default boolean failed() {
    return switch (type()) {
      case RETRY, HELD_BACK -> true;
      case PENDING, READY, POISON, APPLIED, DUPLICATE, GONE, DEAD_LETTERED -> false;
    };
  }
}
