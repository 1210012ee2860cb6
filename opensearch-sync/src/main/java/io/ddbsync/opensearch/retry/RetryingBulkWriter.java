package io.ddbsync.opensearch.retry;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkSender;
import io.ddbsync.opensearch.bulk.ItemResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the batch's items in one {@code _bulk}, then retries only the items that failed retryably (or
 * all of them, when the request as a whole failed), up to {@code maxRetries} times, as long as the
 * wait fits before {@code deadline}. What still fails is returned as {@link ItemResult.Retryable} and
 * left to SQS to redeliver.
 */
public final class RetryingBulkWriter {

  /** The results by message id, and how many item retries were sent. */
  public record Report(Map<String, ItemResult> results, int retried) {}

  private final BulkSender sender;
  private final int maxRetries;
  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;

  public RetryingBulkWriter(BulkSender sender, int maxRetries, Backoff backoff, Clock clock, Sleeper sleeper) {
    this.sender = sender;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public Report write(List<BulkItem> items, Instant deadline) {
    Map<String, ItemResult> results = new LinkedHashMap<>();
    List<BulkItem> pending = items;
    int retried = 0;
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        Duration delay = backoff.delayBefore(attempt);
        if (attempt > maxRetries || clock.instant().plus(delay).isAfter(deadline)) {
          break;
        }
        if (!sleep(delay)) {
          break;
        }
        retried += pending.size();
      }
      pending = attempt(pending, results);
    }
    return new Report(results, retried);
  }

  /** Sends {@code items}, records every result, and returns the items worth another attempt. */
  private List<BulkItem> attempt(List<BulkItem> items, Map<String, ItemResult> results) {
    List<ItemResult> outcomes;
    try {
      outcomes = sender.send(items);
    } catch (IOException | RuntimeException e) {
      String reason = "_bulk request failed: " + e.getMessage();
      items.forEach(item -> results.put(item.messageId(), new ItemResult.Retryable(reason)));
      return items;
    }
    List<BulkItem> again = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ItemResult outcome = outcomes.get(i);
      results.put(items.get(i).messageId(), outcome);
      if (outcome instanceof ItemResult.Retryable) {
        again.add(items.get(i));
      }
    }
    return again;
  }

  private boolean sleep(Duration delay) {
    try {
      sleeper.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
