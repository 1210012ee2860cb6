package io.ddbsync.cli.command.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
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
