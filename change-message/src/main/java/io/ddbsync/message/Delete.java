package io.ddbsync.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The item was removed; {@code ttl} says DynamoDB's time-to-live expired it. */
public record Delete(
    int schema,
    String groupId,
    String dedupId,
    String eventId,
    String index,
    String id,
    long version,
    ObjectNode keys,
    long streamTime,
    boolean ttl)
    implements ItemChange {

  /** A message with {@code header}'s fields. */
  public Delete(
      MessageHeader header, String index, String id, long version, ObjectNode keys, long streamTime, boolean ttl) {
    this(
        header.schema(), header.groupId(), header.dedupId(), header.eventId(),
        index, id, version, keys, streamTime, ttl);
  }

  @Override
  public Kind kind() {
    return Kind.DELETE;
  }
}
