package io.ddbsync.cli.shared.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Recovers the batches a pipe gave up on: for each dead-letter message, reads its sequence-number
 * range back from the stream, filters the records with the pipe's patterns, enriches them with the
 * enrichment function's own code and sends the change messages to the FIFO queue, with the group and
 * deduplication ids the pipe would have used. A dead-letter message is deleted only when its whole
 * range was read and sent; what cannot be recovered is reported and the message stays.
 *
 * <p>Replaying a batch part of which got through is harmless: within 5 minutes the queue drops the
 * repeats by deduplication id, later the indexer gets 409 for versions it already holds.
 */
public final class StreamReplay {

  /** SQS's SendMessageBatch maximum. */
  static final int SQS_BATCH = 10;

  private final SqsClient sqs;
  private final ShardRange shards;
  private final RecordFilter filter;
  private final Enrichment enrichment;
  private final int pipeBatchSize;

  public StreamReplay(SqsClient sqs, ShardRange shards, RecordFilter filter, Enrichment enrichment, int pipeBatchSize) {
    this.sqs = sqs;
    this.shards = shards;
    this.filter = filter;
    this.enrichment = enrichment;
    this.pipeBatchSize = Math.max(1, pipeBatchSize);
  }

  /**
   * What became of one dead-letter message.
   *
   * @param batch empty when the message is not a stream batch record
   * @param problem what could not be recovered; empty when everything was
   */
  public record Result(String messageId, Optional<BatchInfo> batch, int read, int filteredOut, int sent, Optional<String> problem) {
    public boolean recovered() {
      return problem.isEmpty();
    }

    public String describe() {
      String where = batch.map(BatchInfo::describe).orElse("message " + messageId);
      return where + ": " + read + " records read, " + filteredOut + " filtered out, " + sent + " messages sent"
          + problem.map(p -> "; NOT RECOVERED: " + p).orElse("");
    }
  }

  /** Batches recovered (their dead-letter message deleted) and not recovered (left in place). */
  public record Tally(int recovered, int notRecovered) {

    public static final Tally NONE = new Tally(0, 0);
  }

  /**
   * Replays every message of the pipe's dead-letter queue {@code deadLetters} into {@code queue}:
   * deletes each one recovered, and makes the others visible again at the end. {@code each} is told
   * every result. Ends at the first empty receive.
   */
  public Tally drain(URI deadLetters, URI queue, boolean dryRun, int visibilitySeconds, int waitSeconds,
      Consumer<Result> each) {
    List<Message> keep = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int recovered = 0;
    int notRecovered = 0;
    try {
      while (true) {
        List<Message> round = sqs.receiveMessage(b -> b.queueUrl(deadLetters.toString())
                .maxNumberOfMessages(SQS_BATCH)
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout(visibilitySeconds))
            .messages();
        if (round.isEmpty()) {
          break;
        }
        for (Message message : round) {
          if (!seen.add(message.messageId())) {
            keep.add(message);
            continue;
          }
          Result result = replay(message, queue, dryRun);
          each.accept(result);
          if (result.recovered()) {
            recovered++;
          } else {
            notRecovered++;
          }
          if (result.recovered() && !dryRun) {
            sqs.deleteMessage(b -> b.queueUrl(deadLetters.toString()).receiptHandle(message.receiptHandle()));
          } else {
            keep.add(message);
          }
        }
      }
    } finally {
      release(deadLetters, keep);
    }
    return new Tally(recovered, notRecovered);
  }

  private void release(URI deadLetters, List<Message> messages) {
    for (int from = 0; from < messages.size(); from += SQS_BATCH) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (Message message : messages.subList(from, Math.min(messages.size(), from + SQS_BATCH))) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
            .id(Integer.toString(entries.size())).receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
      }
      sqs.changeMessageVisibilityBatch(b -> b.queueUrl(deadLetters.toString()).entries(entries));
    }
  }

  public Result replay(Message deadLetter, URI queue, boolean dryRun) {
    Optional<BatchInfo> parsed = BatchInfo.parse(deadLetter.body());
    if (parsed.isEmpty()) {
      return new Result(deadLetter.messageId(), parsed, 0, 0, 0,
          Optional.of("the body holds no " + BatchInfo.FIELD + " (not a stream batch's dead letter)"));
    }
    BatchInfo batch = parsed.get();
    ShardRange.Read read = shards.read(batch);
    List<JsonNode> passed = new ArrayList<>();
    for (ObjectNode record : read.records()) {
      if (filter.passes(record)) {
        passed.add(record);
      }
    }
    int filteredOut = read.records().size() - passed.size();
    int sent = 0;
    for (int from = 0; from < passed.size(); from += pipeBatchSize) {
      List<ChangeMessage> messages = enrichment.enrich(passed.subList(from, Math.min(passed.size(), from + pipeBatchSize))).messages();
      if (!dryRun) {
        Optional<String> refused = send(queue, messages);
        if (refused.isPresent()) {
          return new Result(deadLetter.messageId(), parsed, read.records().size(), filteredOut, sent, refused);
        }
      }
      sent += messages.size();
    }
    return new Result(deadLetter.messageId(), parsed, read.records().size(), filteredOut, sent, read.problem());
  }

  private Optional<String> send(URI queue, List<ChangeMessage> messages) {
    for (int from = 0; from < messages.size(); from += SQS_BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (ChangeMessage message : messages.subList(from, Math.min(messages.size(), from + SQS_BATCH))) {
        entries.add(SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(entries.size()))
            .messageBody(ChangeMessages.write(message))
            .messageGroupId(message.groupId())
            .messageDeduplicationId(message.dedupId())
            .build());
      }
      SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queue.toString()).entries(entries));
      if (!response.failed().isEmpty()) {
        var first = response.failed().get(0);
        return Optional.of(response.failed().size() + " messages refused by " + queue + ": " + first.code() + " " + first.message());
      }
    }
    return Optional.empty();
  }
}
