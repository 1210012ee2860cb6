package io.ddbsync.cli.queue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Why the messages of a dead-letter queue are there, counted by reason, leaving them in place. */
public final class DeadLetters {

  /** The indexer's message attribute naming why it dead-lettered a message. */
  static final String REASON = "ddbsync-reason";

  static final String REDRIVEN = "received maxReceiveCount times (moved by the queue's RedrivePolicy)";

  private DeadLetters() {}

  /**
   * Reads every message once (they stay in flight meanwhile, so each receive returns new ones) and
   * makes them visible again at the end.
   */
  public static Map<String, Long> reasons(SqsClient sqs, URI queue) {
    Map<String, Long> reasons = new TreeMap<>();
    List<Message> seen = new ArrayList<>();
    while (true) {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue.toString())
          .maxNumberOfMessages(10)
          .visibilityTimeout(60)
          .waitTimeSeconds(0)
          .messageAttributeNames("All")).messages();
      if (messages.isEmpty()) {
        break;
      }
      for (Message message : messages) {
        MessageAttributeValue reason = message.messageAttributes().get(REASON);
        String text = reason == null ? REDRIVEN : reason.stringValue();
        reasons.merge(text.length() > 200 ? text.substring(0, 199) + "…" : text, 1L, Long::sum);
      }
      seen.addAll(messages);
    }
    for (int i = 0; i < seen.size(); i += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (Message message : seen.subList(i, Math.min(seen.size(), i + 10))) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
            .id(Integer.toString(entries.size())).receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
      }
      sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue.toString()).entries(entries));
    }
    return reasons;
  }
}
