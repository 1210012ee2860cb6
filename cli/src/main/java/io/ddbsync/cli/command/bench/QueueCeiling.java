package io.ddbsync.cli.command.bench;

import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The local queue's own ceiling: change messages sent by as many senders as the pipe has lanes, in
 * batches of the pipe's BatchSize, and received and deleted by as many pollers as the indexer has,
 * with no function in between. What the local pipeline could do if its functions cost nothing.
 */
final class QueueCeiling {

  private QueueCeiling() {}

  /** Messages per second through {@code queue}; it must be empty, and nothing else may read it. */
  static double messagesPerSec(SqsClient sqs, URI queue, List<Upsert> upserts, int senders, int batchSize,
      int pollers, int receiveBatch) throws Exception {
    List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
    for (int from = 0; from < upserts.size(); from += batchSize) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (Upsert upsert : upserts.subList(from, Math.min(upserts.size(), from + batchSize))) {
        batch.add(SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(batch.size()))
            .messageBody(ChangeMessages.write(upsert))
            .messageGroupId(upsert.groupId())
            // Not the change's own id: the queue would drop the pipeline's message as a duplicate.
            .messageDeduplicationId(upsert.dedupId() + "-ceiling")
            .build());
      }
      batches.add(batch);
    }
    AtomicInteger nextBatch = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      tasks.add(() -> {
        for (int b = nextBatch.getAndIncrement(); b < batches.size(); b = nextBatch.getAndIncrement()) {
          List<SendMessageBatchRequestEntry> batch = batches.get(b);
          sqs.sendMessageBatch(r -> r.queueUrl(queue.toString()).entries(batch));
        }
        return null;
      });
    }
    for (int i = 0; i < pollers; i++) {
      tasks.add(() -> {
        while (received.get() < upserts.size()) {
          List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue.toString())
              .maxNumberOfMessages(receiveBatch).waitTimeSeconds(1)).messages();
          if (messages.isEmpty()) {
            continue;
          }
          List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
          for (Message message : messages) {
            done.add(DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(done.size())).receiptHandle(message.receiptHandle()).build());
          }
          sqs.deleteMessageBatch(r -> r.queueUrl(queue.toString()).entries(done));
          received.addAndGet(messages.size());
        }
        return null;
      });
    }
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    try {
      long start = System.nanoTime();
      for (Future<Void> task : threads.invokeAll(tasks)) {
        task.get();
      }
      return upserts.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      threads.shutdownNow();
    }
  }
}
