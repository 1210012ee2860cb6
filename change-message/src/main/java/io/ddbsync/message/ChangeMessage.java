package io.ddbsync.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One element of the array the enrichment function returns to EventBridge Pipes, and the body of one
 * message on the FIFO queue. Pipes takes {@code $.groupId} and {@code $.dedupId} as the SQS
 * {@code MessageGroupId} and {@code MessageDeduplicationId}; the indexer reads the rest.
 *
 * <p>The JSON form is described by {@code change-message.schema.json}; {@link #SCHEMA} is its version.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Upsert.class, name = "upsert"),
  @JsonSubTypes.Type(value = Delete.class, name = "delete"),
  @JsonSubTypes.Type(value = Fetch.class, name = "fetch"),
  @JsonSubTypes.Type(value = Invalid.class, name = "invalid")
})
public sealed interface ChangeMessage permits ItemChange, Invalid {

  /** The contract version this code writes and reads. */
  int SCHEMA = 1;

  /** The four kinds, for exhaustive {@code switch}es (Java 17 has no pattern switch). */
  enum Kind {
    UPSERT,
    DELETE,
    FETCH,
    INVALID
  }

  Kind kind();

  /** The header fields as one value. */
  default MessageHeader header() {
    return new MessageHeader(schema(), groupId(), dedupId(), eventId());
  }

  int schema();

  /** SQS message group: one per item key, at most 100 characters (the Pipes SQS target limit). */
  String groupId();

  /** SQS deduplication id: the stream record's {@code eventID}. */
  String dedupId();

  /** The stream record's {@code eventID}, for logs; empty when the record had none. */
  String eventId();
}
