package io.ddbsync.opensearch.bulk;

import io.ddbsync.opensearch.bulk.DeadLetterKind;

/** The result of one bulk item: applied, worth retrying, or never going to succeed. */
public sealed interface ItemResult {

  /** Written, or refused with 409 because the index already holds this version or a newer one. */
  record Applied(boolean conflict) implements ItemResult {}

  /** 429, 5xx, a timeout or a connection error: the same item may succeed later. */
  record Retryable(String reason) implements ItemResult {}

  /** The item itself is refused (mapping, size, invalid): resending cannot help. */
  record Permanent(DeadLetterKind kind, String reason) implements ItemResult {}
}
