package io.ddbsync.item.stream;

/** What a time-to-live REMOVE ({@code TTL_EXPIRY}) does to the item's document. */
public enum TtlExpiry {
  /** Tombstone the document, marked {@code ttl=true}. */
  DELETE,
  /** Leave the document: the index keeps items DynamoDB expired (an archive). */
  KEEP
}
