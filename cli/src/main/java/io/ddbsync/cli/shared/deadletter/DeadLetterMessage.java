package io.ddbsync.cli.shared.deadletter;

import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A message received from a dead-letter queue, with why it is there: the indexer's
 * {@code ddbsync-kind} / {@code ddbsync-reason} attributes, or nothing when the queue's
 * {@code RedrivePolicy} moved it after {@code maxReceiveCount} receives.
 *
 * @param groupId the MessageGroupId, empty for a standard queue
 * @param kind the indexer's failure kind ({@code mapping}, {@code invalid}, …) or {@link #RECEIVE_COUNT}
 * @param reason the indexer's reason text, or {@link #RECEIVE_COUNT}
 */
public record DeadLetterMessage(String messageId, String receiptHandle, String groupId, String kind, String reason, String body) {

  public static final String KIND_ATTRIBUTE = "ddbsync-kind";
  public static final String REASON_ATTRIBUTE = "ddbsync-reason";
  public static final String RECEIVE_COUNT = "maxReceiveCount exceeded";

  public static DeadLetterMessage of(Message message) {
    Map<String, MessageAttributeValue> attributes = message.messageAttributes();
    String kind = text(attributes, KIND_ATTRIBUTE);
    String reason = text(attributes, REASON_ATTRIBUTE);
    if (kind.isEmpty() && reason.isEmpty()) {
      kind = RECEIVE_COUNT;
      reason = RECEIVE_COUNT;
    } else if (kind.isEmpty()) {
      kind = "unknown";
    }
    return new DeadLetterMessage(
        message.messageId(),
        message.receiptHandle(),
        message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, ""),
        kind,
        reason,
        message.body());
  }

  /** {@code --reason}: the kind exactly, or a case-insensitive substring of the reason text. */
  public boolean reasonMatches(String filter) {
    String wanted = filter.toLowerCase(Locale.ROOT);
    return kind.equalsIgnoreCase(filter) || reason.toLowerCase(Locale.ROOT).contains(wanted);
  }

  private static String text(Map<String, MessageAttributeValue> attributes, String name) {
    MessageAttributeValue value = attributes.get(name);
    return value == null || value.stringValue() == null ? "" : value.stringValue();
  }
}
