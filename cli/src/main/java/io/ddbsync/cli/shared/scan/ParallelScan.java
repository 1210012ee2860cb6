package io.ddbsync.cli.shared.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A parallel Scan: one thread per segment ({@code Segment}/{@code TotalSegments}), each reading its
 * pages in order and handing each page to the consumer before reading the next, within a shared
 * read-capacity budget. The first failure stops every segment and is rethrown.
 */
public final class ParallelScan {

  /** Receives the pages of one segment, in order; {@code lastKey} is empty on its last page. */
  @FunctionalInterface
  public interface PageConsumer {
    void page(int segment, List<Map<String, AttributeValue>> items, Optional<Map<String, AttributeValue>> lastKey)
        throws Exception;
  }

  /** Where a segment starts: from the beginning, after a key, or nowhere (already done). */
  public record Start(boolean done, Optional<Map<String, AttributeValue>> afterKey) {
    public static final Start BEGINNING = new Start(false, Optional.empty());
  }

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final ReadCapacityLimiter limiter;
  private final int pageSize;

  /** {@code pageSize} 0 = DynamoDB's own page size (1 MB). */
  public ParallelScan(DynamoDbClient dynamoDb, String table, ReadCapacityLimiter limiter, int pageSize) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.limiter = limiter;
    this.pageSize = pageSize;
  }

  /** Scans every segment not done in {@code starts} (one entry per segment). */
  public void run(List<Start> starts, PageConsumer consumer) throws Exception {
    int totalSegments = starts.size();
    ExecutorService workers = Executors.newFixedThreadPool(totalSegments, runnable -> {
      Thread thread = new Thread(runnable, "scan-segment");
      thread.setDaemon(true);
      return thread;
    });
    CompletionService<Void> completion = new ExecutorCompletionService<>(workers);
    List<Future<Void>> running = new ArrayList<>();
    try {
      for (int segment = 0; segment < totalSegments; segment++) {
        Start start = starts.get(segment);
        if (!start.done()) {
          int s = segment;
          running.add(completion.submit(() -> {
            scanSegment(s, totalSegments, start.afterKey(), consumer);
            return null;
          }));
        }
      }
      for (int i = 0; i < running.size(); i++) {
        try {
          completion.take().get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    } finally {
      running.forEach(future -> future.cancel(true));
      workers.shutdownNow();
    }
  }

  private void scanSegment(int segment, int totalSegments, Optional<Map<String, AttributeValue>> afterKey,
      PageConsumer consumer) throws Exception {
    Optional<Map<String, AttributeValue>> startKey = afterKey;
    do {
      limiter.awaitCredit();
      ScanRequest.Builder request = ScanRequest.builder()
          .tableName(table)
          .segment(segment)
          .totalSegments(totalSegments)
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
      startKey.ifPresent(request::exclusiveStartKey);
      if (pageSize > 0) {
        request.limit(pageSize);
      }
      ScanResponse response = dynamoDb.scan(request.build());
      limiter.consume(consumedUnits(response));
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? Optional.of(response.lastEvaluatedKey())
          : Optional.empty();
      consumer.page(segment, response.items(), startKey);
    } while (startKey.isPresent() && !Thread.currentThread().isInterrupted());
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("scan of segment " + segment + " interrupted");
    }
  }

  /** What the page cost, as reported, or estimated from the items' sizes where the endpoint does not say. */
  static double consumedUnits(ScanResponse response) {
    if (response.consumedCapacity() != null && response.consumedCapacity().capacityUnits() != null) {
      return response.consumedCapacity().capacityUnits();
    }
    return ItemSize.readUnits(response.items().stream().mapToLong(ItemSize::of).sum());
  }
}
