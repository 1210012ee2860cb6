package io.ddbsync.indexer.deadletter;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends dead letters with SQS SendMessage: the original body unchanged, the reason in message
 * attributes ({@code ddbsync-reason}, {@code ddbsync-kind}, {@code ddbsync-source-message-id}).
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {

  /* Attributes count toward the 1 MiB message size; the body may already be close to it. */
  static final int MAX_REASON_CHARS = 1024;

  private final SqsClient sqs;
  private final String queueUrl;
  private final boolean fifo;

  public SqsDeadLetterQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.fifo = queueUrl.endsWith(".fifo");
  }

  @Override
  public void send(DeadLetter letter) {
    var request =
        SendMessageRequest.builder()
            .queueUrl(queueUrl)
            .messageBody(letter.message().body())
            .messageAttributes(
                Map.of(
                    "ddbsync-reason", text(truncate(letter.reason().isEmpty() ? "(none)" : letter.reason())),
                    "ddbsync-kind", text(letter.kind().attributeValue()),
                    "ddbsync-source-message-id", text(letter.message().messageId())));
    if (fifo) {
      // The source message id, not the original deduplication id: a message redriven from this queue
      // and dead-lettered again within 5 minutes must not be dropped as a duplicate. Redeliveries of
      // the same source message are deduplicated.
      request.messageGroupId(letter.message().groupId()).messageDeduplicationId(letter.message().messageId());
    }
    sqs.sendMessage(request.build());
  }

  static String truncate(String reason) {
    return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
