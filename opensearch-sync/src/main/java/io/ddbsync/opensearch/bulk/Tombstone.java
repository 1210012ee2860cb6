package io.ddbsync.opensearch.bulk;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a delete writes instead of deleting. A real delete's version is forgotten after
 * {@code index.gc_deletes} (60 s by default), after which an older write arriving late (retry,
 * redrive, fetch) would bring the item back. A tombstone is a document: it keeps its external version
 * for ever, so the older write gets 409. Readers query the {@code <index>-live} alias, which filters
 * tombstones out.
 */
public final class Tombstone {

  public static final String DELETED = "@deleted";
  public static final String DELETED_AT = "@deletedAt";
  public static final String TTL = "@ttl";

  private Tombstone() {}

  /** {@code {"@deleted":true,"@deletedAt":<epoch seconds>,"@ttl":<bool>}} and nothing else. */
  public static ObjectNode document(long deletedAtEpochSeconds, boolean ttl) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.put(DELETED, true);
    document.put(DELETED_AT, deletedAtEpochSeconds);
    document.put(TTL, ttl);
    return document;
  }
}
