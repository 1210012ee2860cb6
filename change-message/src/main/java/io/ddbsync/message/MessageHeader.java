package io.ddbsync.message;

/**
 * The fields every change message starts with, built once per stream record: the contract version,
 * the SQS message group (one per item key), the SQS deduplication id and the stream record's
 * {@code eventID}. On the wire they stay top-level fields of each message.
 */
public record MessageHeader(int schema, String groupId, String dedupId, String eventId) {

  /** A header of the contract version this code writes. */
  public static MessageHeader of(String groupId, String dedupId, String eventId) {
    return new MessageHeader(ChangeMessage.SCHEMA, groupId, dedupId, eventId);
  }

  /** The same header with another deduplication id (a second message from one stream record). */
  public MessageHeader withDedupId(String otherDedupId) {
    return new MessageHeader(schema, groupId, otherDedupId, eventId);
  }
}
