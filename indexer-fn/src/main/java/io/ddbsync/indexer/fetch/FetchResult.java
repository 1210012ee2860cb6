package io.ddbsync.indexer.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The current state of a fetched item. */
public sealed interface FetchResult {

  /** The item exists; {@code document} is its indexed form (the enrichment's projection). */
  record Found(ObjectNode document) implements FetchResult {}

  /** The item no longer exists: index a tombstone with the fetch message's version. */
  record Missing() implements FetchResult {}

  /** The read failed (throttling, timeout…): try again later. */
  record Unavailable(String reason) implements FetchResult {}

  /** The item cannot become a document; the reason names the attribute, never a value. */
  record Unconvertible(String reason) implements FetchResult {}
}
