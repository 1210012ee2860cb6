package io.ddbsync.opensearch.retry;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkRequestFailure;
import io.ddbsync.opensearch.bulk.BulkSender;
import io.ddbsync.opensearch.bulk.ErrorClass;
import io.ddbsync.opensearch.bulk.ItemResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sends the batch's items in one {@code _bulk}, then retries only the items that failed retryably (or
 * all of them, when the request as a whole failed retryably), up to {@code maxRetries} times, as long
 * as the wait fits before {@code deadline}. What still fails is returned as {@link
 * ItemResult.Retryable} and left to SQS to redeliver.
 *
 * <p>A request refused with a permanent status ({@link ErrorClass}: 400, 403, 404…) is not sent
 * again: the same request would get the same answer. Its items are returned retryable all the same,
 * with the refusal in {@link Report#refusal}: such a refusal says nothing about the items (a 403 is a
 * missing permission, a 404 a missing index or a wrong endpoint), so they must not be dead-lettered;
 * redelivered, they reach the queue's redrive policy if the cause is not fixed in time.
 */
public final class RetryingBulkWriter {

  /**
   * @param results one per item, in item order
   * @param retried how many item retries were sent
   * @param refusal the reason, when the whole request was refused with a permanent status
   */
  public record Report(List<ItemResult> results, int retried, Optional<String> refusal) {}

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
    ItemResult[] results = new ItemResult[items.size()];
    List<Integer> pending = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      pending.add(i);
    }
    int retried = 0;
    Optional<String> refusal = Optional.empty();
    for (int attempt = 0; !pending.isEmpty() && refusal.isEmpty(); attempt++) {
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
      List<BulkItem> sent = new ArrayList<>(pending.size());
      pending.forEach(i -> sent.add(items.get(i)));
      try {
        pending = again(pending, sender.send(sent), results);
      } catch (BulkRequestFailure e) {
        fillRetryable(pending, e.getMessage(), results);
        if (e.errorClass() == ErrorClass.PERMANENT) {
          refusal = Optional.of(e.getMessage());
        }
      } catch (IOException | RuntimeException e) {
        fillRetryable(pending, "_bulk request failed: " + e.getMessage(), results);
      }
    }
    return new Report(Arrays.asList(results), retried, refusal);
  }

  /** Records each answered item's result and returns the positions worth another attempt. */
  private static List<Integer> again(List<Integer> sent, List<ItemResult> outcomes, ItemResult[] results) {
    List<Integer> again = new ArrayList<>();
    for (int k = 0; k < sent.size(); k++) {
      ItemResult outcome = outcomes.get(k);
      results[sent.get(k)] = outcome;
      if (outcome instanceof ItemResult.Retryable) {
        again.add(sent.get(k));
      }
    }
    return again;
  }

  private static void fillRetryable(List<Integer> positions, String reason, ItemResult[] results) {
    ItemResult retryable = new ItemResult.Retryable(reason);
    positions.forEach(i -> results[i] = retryable);
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
