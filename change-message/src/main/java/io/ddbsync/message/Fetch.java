package io.ddbsync.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The record did not carry the new state (KEYS_ONLY or OLD_IMAGE stream, or an item too large for
 * the queue): the indexer reads the current item with a consistent {@code GetItem}.
 */
public record Fetch(
    int schema,
    String groupId,
    String dedupId,
    String eventId,
    String index,
    String id,
    long version,
    ObjectNode keys,
    long streamTime,
    FetchReason reason)
    implements ItemChange {

  /** A message with {@code header}'s fields. */
  public Fetch(
      MessageHeader header, String index, String id, long version, ObjectNode keys, long streamTime, FetchReason reason) {
    this(
        header.schema(), header.groupId(), header.dedupId(), header.eventId(),
        index, id, version, keys, streamTime, reason);
  }

  @Override
  public Kind kind() {
    return Kind.FETCH;
  }
}
