package io.ddbsync.cli.shared.deadletter;

import io.ddbsync.cli.shared.error.UserError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Moves messages from a dead-letter queue back to their source queue by receiving and sending, which
 * works on any SQS endpoint and can filter (a message move task cannot).
 *
 * <p>FIFO order: a receive never returns a group's later messages while an earlier one is in flight,
 * so messages are moved in rounds, each message deleted from the dead-letter queue only after its
 * send succeeded. A message the filters leave behind stays in flight until the end, which holds back
 * the rest of its group: moving them past it would reorder the group. Every redriven message gets the
 * deduplication id {@code redrive-<dead-letter message id>}, so a redrive interrupted between send and
 * delete and run again within 5 minutes does not send it twice. A redriven message can be older than
 * what the index already holds; its external version makes OpenSearch refuse it with 409 (success).
 */
public final class DeadLetterRedrive {

  /** SQS's receive, send-batch and delete-batch maximum. */
  static final int BATCH = 10;

  private final SqsClient sqs;
  private final Duration visibilityTimeout;
  private final int waitSeconds;

  /**
   * @param visibilityTimeout how long received messages stay hidden; messages held back by the filters
   *     must stay hidden for the whole run
   * @param waitSeconds long-poll wait of each receive; an empty receive ends the run
   */
  public DeadLetterRedrive(SqsClient sqs, Duration visibilityTimeout, int waitSeconds) {
    this.sqs = sqs;
    this.visibilityTimeout = visibilityTimeout;
    this.waitSeconds = waitSeconds;
  }

  /** A queue's URL with the attributes a redrive checks. */
  public record QueueInfo(URI url, String arn, boolean fifo, long approximateMessages) {}

  /** What a listing or a move saw. */
  public record Outcome(Tally moved, Tally left, long failed, String firstError) {}

  /** The queue's attributes, or a {@link UserError} when it does not exist. */
  public QueueInfo describe(URI url, String role) {
    Map<String, String> attributes;
    try {
      attributes = sqs.getQueueAttributes(b -> b.queueUrl(url.toString())
              .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.FIFO_QUEUE,
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          .attributesAsStrings();
    } catch (QueueDoesNotExistException e) {
      throw new UserError(role + " " + url + " does not exist");
    }
    return new QueueInfo(
        url,
        attributes.getOrDefault("QueueArn", ""),
        Boolean.parseBoolean(attributes.getOrDefault("FifoQueue", "false")),
        Long.parseLong(attributes.getOrDefault("ApproximateNumberOfMessages", "0")));
  }

  /** Refuses a move that would lose the message groups, or invent them. */
  public static void checkCompatible(QueueInfo deadLetters, QueueInfo target) {
    if (deadLetters.fifo() && !target.fifo()) {
      throw new UserError("cannot redrive from FIFO queue " + deadLetters.url() + " to standard queue "
          + target.url() + ": the message groups (one per item) and their order would be lost; pass the FIFO source queue");
    }
    if (!deadLetters.fifo() && target.fifo()) {
      throw new UserError("cannot redrive from standard queue " + deadLetters.url() + " to FIFO queue "
          + target.url() + ": its messages have no MessageGroupId");
    }
  }

  /**
   * Lists what the queue holds without moving anything: receives everything receivable, then makes it
   * visible again. A FIFO group with more messages than one receive returns shows only its first ones.
   */
  public Tally list(QueueInfo deadLetters) {
    Tally listed = new Tally();
    List<Message> inFlight = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try {
      for (List<Message> round = receive(deadLetters); !round.isEmpty(); round = receive(deadLetters)) {
        for (Message message : round) {
          inFlight.add(message);
          if (seen.add(message.messageId())) {
            listed.add(DeadLetterMessage.of(message));
          }
        }
      }
    } finally {
      release(deadLetters, inFlight);
    }
    return listed;
  }

  /** Moves the messages the filter selects, in group order; see the class comment. */
  public Outcome move(QueueInfo deadLetters, QueueInfo target, RedriveFilter filter) {
    checkCompatible(deadLetters, target);
    Tally moved = new Tally();
    Tally left = new Tally();
    List<Message> held = new ArrayList<>();
    Set<String> heldIds = new HashSet<>();
    Set<String> blockedGroups = new HashSet<>();
    long failed = 0;
    String firstError = "";
    try {
      while (moved.total() < filter.max()) {
        List<Message> round = receive(deadLetters);
        if (round.isEmpty()) {
          break;
        }
        List<Message> toSend = new ArrayList<>();
        for (Message message : round) {
          DeadLetterMessage letter = DeadLetterMessage.of(message);
          if (heldIds.contains(message.messageId())) {
            held.add(message); // its visibility ran out; hold it again, with the new receipt handle
            continue;
          }
          boolean blocked = !letter.groupId().isEmpty() && blockedGroups.contains(letter.groupId());
          if (blocked || !filter.matches(letter) || moved.total() + toSend.size() >= filter.max()) {
            if (!letter.groupId().isEmpty()) {
              blockedGroups.add(letter.groupId());
            }
            held.add(message);
            heldIds.add(message.messageId());
            left.add(letter);
            continue;
          }
          toSend.add(message);
        }
        SendResult result = sendThenDelete(deadLetters, target, toSend);
        result.sent().forEach(m -> moved.add(DeadLetterMessage.of(m)));
        if (!result.failed().isEmpty()) {
          failed += result.failed().size();
          firstError = firstError.isEmpty() ? result.firstError() : firstError;
          held.addAll(result.failed());
          break; // the queue refuses sends (throttling, permissions): stop rather than reorder groups
        }
      }
    } finally {
      release(deadLetters, held);
    }
    return new Outcome(moved, left, failed, firstError);
  }

  private record SendResult(List<Message> sent, List<Message> failed, String firstError) {}

  private SendResult sendThenDelete(QueueInfo deadLetters, QueueInfo target, List<Message> messages) {
    if (messages.isEmpty()) {
      return new SendResult(List.of(), List.of(), "");
    }
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      var entry = SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(message.body());
      if (target.fifo()) {
        entry.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
            .messageDeduplicationId(deduplicationId(message.messageId()));
      }
      entries.add(entry.build());
    }
    SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(target.url().toString()).entries(entries));
    Set<String> failedIds = new HashSet<>();
    response.failed().forEach(f -> failedIds.add(f.id()));
    List<Message> sent = new ArrayList<>();
    List<Message> failed = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      (failedIds.contains(Integer.toString(i)) ? failed : sent).add(messages.get(i));
    }
    delete(deadLetters, sent);
    String firstError = response.failed().isEmpty() ? "" : describe(response.failed().get(0));
    return new SendResult(sent, failed, firstError);
  }

  /** The deduplication id of a redriven message: stable per dead letter, at most 128 characters. */
  static String deduplicationId(String deadLetterMessageId) {
    String id = "redrive-" + deadLetterMessageId;
    if (id.length() <= 128 && id.chars().allMatch(c -> c >= '!' && c <= '~')) {
      return id;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(deadLetterMessageId.getBytes(StandardCharsets.UTF_8));
      return "redrive-" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private List<Message> receive(QueueInfo queue) {
    return sqs.receiveMessage(b -> b.queueUrl(queue.url().toString())
            .maxNumberOfMessages(BATCH)
            .waitTimeSeconds(waitSeconds)
            .visibilityTimeout((int) visibilityTimeout.toSeconds())
            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
            .messageAttributeNames("All"))
        .messages();
  }

  private void delete(QueueInfo queue, List<Message> messages) {
    for (int from = 0; from < messages.size(); from += BATCH) {
      List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + BATCH));
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
      }
      DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queue.url().toString()).entries(entries));
      if (!response.failed().isEmpty()) {
        // Already sent: a second redrive within 5 minutes is deduplicated, later it is refused by version.
        throw new IllegalStateException("sent to the source queue but could not delete from " + queue.url()
            + ": " + describe(response.failed().get(0)) + "; run the redrive again within 5 minutes");
      }
    }
  }

  /** Makes messages visible again, so that what was not moved stays in the queue for later. */
  private void release(QueueInfo queue, List<Message> messages) {
    for (int from = 0; from < messages.size(); from += BATCH) {
      List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + BATCH));
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
            .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
      }
      sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue.url().toString()).entries(entries));
    }
  }

  private static String describe(BatchResultErrorEntry error) {
    return error.code() + (error.message() == null ? "" : " " + error.message());
  }
}
