package io.ddbsync.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Index {@code document} as the whole new state of the item. */
public record Upsert(
    int schema,
    String groupId,
    String dedupId,
    String eventId,
    String index,
    String id,
    long version,
    ObjectNode keys,
    long streamTime,
    ObjectNode document)
    implements ItemChange {

  /** A message with {@code header}'s fields. */
  public Upsert(
      MessageHeader header, String index, String id, long version, ObjectNode keys, long streamTime, ObjectNode document) {
    this(
        header.schema(), header.groupId(), header.dedupId(), header.eventId(),
        index, id, version, keys, streamTime, document);
  }

  @Override
  public Kind kind() {
    return Kind.UPSERT;
  }
}
