package io.ddbsync.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The record did not carry the new state (KEYS_ONLY or OLD_IMAGE stream, or an item too large for
 * the queue): the indexer reads the current item with a consistent {@code GetItem}.
 *
 * @param index the index the item's document is in, which the indexer tombstones when the fetched
 *     item routes elsewhere; {@link #NO_INDEX} when the record says the item has no document yet (an
 *     OLD_IMAGE INSERT, which carries nothing to route on): the indexer then only routes the item
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

  /** The {@code index} of a fetch for an item that has no document to tombstone. */
  public static final String NO_INDEX = "";

  /** A message with {@code header}'s fields. */
  public Fetch(
      MessageHeader header, String index, String id, long version, ObjectNode keys, long streamTime, FetchReason reason) {
    this(
        header.schema(), header.groupId(), header.dedupId(), header.eventId(),
        index, id, version, keys, streamTime, reason);
  }

  /** The index holding the item's document, which a move must tombstone; empty for {@link #NO_INDEX}. */
  public Optional<String> documentIndex() {
    return index.equals(NO_INDEX) ? Optional.empty() : Optional.of(index);
  }

  @Override
  public Kind kind() {
    return Kind.FETCH;
  }
}
