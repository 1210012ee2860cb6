package io.ddbsync.indexer.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;

/**
 * One SQS message of the batch, reduced to what the indexer uses.
 *
 * @param groupId the FIFO MessageGroupId; on a standard queue (no group) the message id, so that
 *     every message is its own group
 * @param deduplicationId the FIFO MessageDeduplicationId, or empty
 */
public record QueueMessage(
    String messageId, String groupId, String deduplicationId, String body, int receiveCount) {

  public static List<QueueMessage> from(SQSEvent event) {
    return event.getRecords() == null
        ? List.of()
        : event.getRecords().stream().map(QueueMessage::from).toList();
  }

  public static QueueMessage from(SQSEvent.SQSMessage message) {
    Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
    String messageId = message.getMessageId();
    return new QueueMessage(
        messageId,
        attributes.getOrDefault("MessageGroupId", messageId),
        attributes.getOrDefault("MessageDeduplicationId", ""),
        message.getBody() == null ? "" : message.getBody(),
        receiveCount(attributes.get("ApproximateReceiveCount")));
  }

  private static int receiveCount(String text) {
    try {
      return text == null ? 1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
