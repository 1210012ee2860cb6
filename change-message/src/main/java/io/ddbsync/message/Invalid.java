package io.ddbsync.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stream record the enrichment could not turn into a change. It travels through the queue so that
 * nothing is dropped: the indexer sends it to the dead-letter queue with {@code reason}.
 */
public record Invalid(
    int schema, String groupId, String dedupId, String eventId, String reason, JsonNode record)
    implements ChangeMessage {

  /** A message with {@code header}'s fields. */
  public Invalid(
      MessageHeader header, String reason, JsonNode record) {
    this(
        header.schema(), header.groupId(), header.dedupId(), header.eventId(),
        reason, record);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID;
  }
}
