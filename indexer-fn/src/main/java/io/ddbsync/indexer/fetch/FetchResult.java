package io.ddbsync.indexer.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The current state of a fetched item. */
public sealed interface FetchResult {

  /** The kinds, for exhaustive {@code switch}es (Java 17 has no pattern switch). */
  enum Kind {
    FOUND,
    MISSING,
    UNAVAILABLE,
    UNCONVERTIBLE
  }

  Kind kind();

  /**
   * The item exists.
   *
   * @param document its indexed form (the enrichment's projection)
   * @param image the whole item in DynamoDB JSON, to route it on
   */
  record Found(ObjectNode document, JsonNode image) implements FetchResult {
    @Override
    public Kind kind() {
      return Kind.FOUND;
    }
  }

  /**
   * The item no longer exists. Nothing is written: the delete that removed it is a REMOVE record of
   * its own, with a higher version, and a TTL expiry may be meant to stay (TTL_EXPIRY=keep).
   */
  record Missing() implements FetchResult {
    @Override
    public Kind kind() {
      return Kind.MISSING;
    }
  }

  /** The read failed (throttling, timeout…): try again later. */
  record Unavailable(String reason) implements FetchResult {
    @Override
    public Kind kind() {
      return Kind.UNAVAILABLE;
    }
  }

  /** The item cannot become a document; the reason names the attribute, never a value. */
  record Unconvertible(String reason) implements FetchResult {
    @Override
    public Kind kind() {
      return Kind.UNCONVERTIBLE;
    }
  }
}
