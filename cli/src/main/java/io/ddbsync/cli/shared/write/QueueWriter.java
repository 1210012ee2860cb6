package io.ddbsync.cli.shared.write;

import io.ddbsync.cli.shared.scan.SyncedItem;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.MessageHeader;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.retry.Backoff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends writes as change messages to the pipeline's FIFO queue, so the normal indexer applies them
 * (the same versions, tombstones and dead-letter handling as stream changes). Each message has the
 * item's group id, as the enrichment gives it, and a deduplication id derived from the write
 * ({@code <purpose>-<SHA-256 of index, id and version>}), so a resent page within the queue's
 * 5-minute window is dropped by SQS and a later one gets 409 at the index.
 *
 * <p>An upsert whose message would exceed the queue's maximum size becomes a fetch message, as in the
 * enrichment: the indexer then reads the item itself.
 */
public final class QueueWriter implements IndexWriter {

  /** SendMessageBatch takes at most 10 entries. */
  private static final int BATCH_ENTRIES = 10;

  private static final int MAX_ATTEMPTS = 8;

  private final SqsClient sqs;
  private final String queueUrl;
  private final String purpose;
  private final long streamTime;
  private final int maxMessageBytes;
  private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault());

  /**
   * @param purpose prefix of the deduplication ids, e.g. {@code backfill}
   * @param streamTime the messages' {@code streamTime}: when the state they carry was read
   * @param maxMessageBytes the queue's maximum message size, which also bounds a whole batch
   */
  public QueueWriter(SqsClient sqs, String queueUrl, String purpose, long streamTime, int maxMessageBytes) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.purpose = purpose;
    this.streamTime = streamTime;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public long batchBytes() {
    return 0;
  }

  @Override
  public WriteReport write(List<Write> writes) throws InterruptedException {
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    long batchBytes = 0;
    long sent = 0;
    for (Write write : writes) {
      ChangeMessage message = message(write);
      String body = ChangeMessages.write(message);
      long bytes = body.getBytes(StandardCharsets.UTF_8).length;
      if (!batch.isEmpty() && (batch.size() == BATCH_ENTRIES || batchBytes + bytes > maxMessageBytes)) {
        sent += send(batch);
        batch.clear();
        batchBytes = 0;
      }
      batch.add(SendMessageBatchRequestEntry.builder()
          .id(Integer.toString(batch.size()))
          .messageBody(body)
          .messageGroupId(message.groupId())
          .messageDeduplicationId(message.dedupId())
          .build());
      batchBytes += bytes;
    }
    if (!batch.isEmpty()) {
      sent += send(batch);
    }
    return new WriteReport(sent, 0, List.of());
  }

  /** Sends one batch, resending the entries SQS failed, and returns how many were accepted. */
  private int send(List<SendMessageBatchRequestEntry> entries) throws InterruptedException {
    Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
    entries.forEach(entry -> pending.put(entry.id(), entry));
    String lastProblem = "";
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new IllegalStateException("SendMessageBatch to " + queueUrl + " still failing after " + MAX_ATTEMPTS
            + " attempts for " + pending.size() + " messages: " + lastProblem);
      }
      if (attempt > 1) {
        Thread.sleep(backoff.delayBefore(attempt - 1).toMillis());
      }
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(List.copyOf(pending.values())));
      response.successful().forEach(ok -> pending.remove(ok.id()));
      for (BatchResultErrorEntry error : response.failed()) {
        lastProblem = error.code() + ": " + error.message();
        if (Boolean.TRUE.equals(error.senderFault())) {
          throw new IllegalStateException("SQS refused a message for group "
              + pending.get(error.id()).messageGroupId() + ": " + lastProblem);
        }
      }
    }
    return entries.size();
  }

  ChangeMessage message(Write write) {
    String dedupId = purpose + "-" + sha256Hex(write.index() + "\n" + write.id() + "\n" + write.version());
    if (write instanceof Write.Document d) {
      SyncedItem item = d.item();
      MessageHeader header = MessageHeader.of(item.groupId(), dedupId, "");
      Upsert upsert = new Upsert(header, item.index(), item.id(), d.version(), item.keys(), streamTime, item.document());
      if (ChangeMessages.write(upsert).getBytes(StandardCharsets.UTF_8).length <= maxMessageBytes) {
        return upsert;
      }
      return new Fetch(header, item.index(), item.id(), d.version(), item.keys(), streamTime, FetchReason.TOO_LARGE);
    }
    Write.Tombstone t = (Write.Tombstone) write;
    return new Delete(
        MessageHeader.of(t.groupId(), dedupId, ""), t.index(), t.id(), t.version(), t.keys(), t.deletedAt(), false);
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
