package io.ddbsync.cli.local.queue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** What the local run's dead-letter queue holds, read in full and left in place. */
public final class DeadLetters {

  /** The indexer's message attribute naming why it dead-lettered a message. */
  static final String REASON = "ddbsync-reason";

  static final String REDRIVEN = "received maxReceiveCount times (moved by the queue's RedrivePolicy)";

  private static final int BATCH = 10;

  private DeadLetters() {}

  /** Every message's reason, counted; see {@link #readAll}. */
  public static Map<String, Long> reasons(List<Message> messages) {
    Map<String, Long> reasons = new TreeMap<>();
    for (Message message : messages) {
      MessageAttributeValue reason = message.messageAttributes().get(REASON);
      String text = reason == null ? REDRIVEN : reason.stringValue();
      reasons.merge(text.length() > 200 ? text.substring(0, 199) + "…" : text, 1L, Long::sum);
    }
    return reasons;
  }

  /**
   * Every message of the run's own dead-letter queue, which then holds the same messages again.
   *
   * <p>A FIFO queue returns none of a group's later messages while an earlier one is in flight, so
   * receiving and releasing sees only the head of each group. Instead each received message is
   * deleted, which uncovers the next one of its group, and at the end all are sent back in the order
   * read (group order kept) with their bodies and attributes. They get new message ids: this is for
   * the local queues a run creates, never for a queue someone else reads.
   */
  public static List<Message> readAll(SqsClient sqs, URI queue) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue.toString())
          .maxNumberOfMessages(BATCH)
          .visibilityTimeout(60)
          .waitTimeSeconds(0)
          .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
          .messageAttributeNames("All")).messages();
      if (messages.isEmpty()) {
        break;
      }
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      for (Message message : messages) {
        deletes.add(DeleteMessageBatchRequestEntry.builder()
            .id(Integer.toString(deletes.size())).receiptHandle(message.receiptHandle()).build());
      }
      sqs.deleteMessageBatch(b -> b.queueUrl(queue.toString()).entries(deletes));
      all.addAll(messages);
    }
    boolean fifo = queue.getPath().endsWith(".fifo");
    for (int from = 0; from < all.size(); from += BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (Message message : all.subList(from, Math.min(all.size(), from + BATCH))) {
        SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(entries.size()))
            .messageBody(message.body())
            .messageAttributes(new HashMap<>(message.messageAttributes()));
        if (fifo) {
          entry.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
              .messageDeduplicationId("kept-" + message.messageId());
        }
        entries.add(entry.build());
      }
      sqs.sendMessageBatch(b -> b.queueUrl(queue.toString()).entries(entries));
    }
    return all;
  }
}
