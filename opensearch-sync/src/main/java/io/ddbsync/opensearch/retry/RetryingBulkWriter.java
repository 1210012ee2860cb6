package io.ddbsync.opensearch.retry;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkRequestFailure;
import io.ddbsync.opensearch.bulk.BulkSender;
import io.ddbsync.opensearch.bulk.ErrorClass;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.unindexed.MappingConflict;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
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
 * as the wait and a whole request ({@code requestTimeout}) fit before {@code deadline}. What still
 * fails is returned as {@link ItemResult.Retryable} and left to SQS to redeliver.
 *
 * <p>A request refused with a permanent status ({@link ErrorClass}: 400, 403, 404…) is not sent
 * again: the same request would get the same answer. Its items are returned retryable all the same,
 * with the refusal in {@link Report#refusal}: such a refusal says nothing about the items (a 403 is a
 * missing permission, a 404 a missing index or a wrong endpoint), so they must not be dead-lettered;
 * redelivered, they reach the queue's redrive policy if the cause is not fixed in time.
 *
 * <p>No item is lost to its attribute types ({@link UnindexedValues}): lists mixing types are moved
 * aside before the first request, and an item refused because a value does not fit its field's
 * mapping ({@link MappingConflict}) is sent again at once, with the same external version, that value
 * moved aside. Each such resend moves at least one value out of the searchable part, so an item is
 * resent at most as many times as its document has fields.
 */
public final class RetryingBulkWriter {

  /**
   * @param results one per item, in item order
   * @param retried how many item retries were sent
   * @param refusal the reason, when the whole request was refused with a permanent status
   * @param unindexed one per item, in item order: the paths of the values moved aside (often none)
   */
  public record Report(
      List<ItemResult> results, int retried, Optional<String> refusal, List<List<String>> unindexed) {}

  private final BulkSender sender;
  private final int maxRetries;
  private final Backoff backoff;
  private final Duration requestTimeout;
  private final Clock clock;
  private final Sleeper sleeper;

  /** @param requestTimeout how long one {@code _bulk} may take before the client gives up on it */
  public RetryingBulkWriter(
      BulkSender sender, int maxRetries, Backoff backoff, Duration requestTimeout, Clock clock, Sleeper sleeper) {
    this.sender = sender;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public Report write(List<BulkItem> items, Instant deadline) {
    ItemResult[] results = new ItemResult[items.size()];
    BulkItem[] current = new BulkItem[items.size()];
    List<List<String>> unindexed = new ArrayList<>(items.size());
    List<Integer> pending = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      unindexed.add(new ArrayList<>());
      current[i] = mixedListsAside(items.get(i), unindexed.get(i));
      pending.add(i);
    }
    int retried = 0;
    Optional<String> refusal = Optional.empty();
    for (int attempt = 0; !pending.isEmpty() && refusal.isEmpty(); attempt++) {
      if (attempt > 0) {
        Duration delay = backoff.delayBefore(attempt);
        // A retry that could outlast the deadline would run the function into its timeout: the
        // dead-letter sends and the response would never happen, and the whole batch would return.
        if (attempt > maxRetries || !fits(delay, deadline)) {
          break;
        }
        if (!sleep(delay)) {
          break;
        }
        retried += pending.size();
      }
      Attempt outcome = attempt(pending, current, results, unindexed, deadline);
      pending = outcome.again();
      refusal = outcome.refusal();
    }
    return new Report(Arrays.asList(results), retried, refusal, unindexed.stream().map(List::copyOf).toList());
  }

  private boolean fits(Duration delay, Instant deadline) {
    return !clock.instant().plus(delay).plus(requestTimeout).isAfter(deadline);
  }

  /** The positions worth another attempt after a backoff, and a permanent refusal of a request. */
  private record Attempt(List<Integer> again, Optional<String> refusal) {}

  /**
   * Sends the items at {@code positions}, resending at once those whose refused value could be moved
   * aside, and records every result.
   */
  private Attempt attempt(
      List<Integer> positions, BulkItem[] current, ItemResult[] results, List<List<String>> unindexed, Instant deadline) {
    List<Integer> again = new ArrayList<>();
    List<Integer> sending = positions;
    while (!sending.isEmpty()) {
      List<BulkItem> sent = new ArrayList<>(sending.size());
      sending.forEach(i -> sent.add(current[i]));
      List<ItemResult> outcomes;
      try {
        outcomes = sender.send(sent);
      } catch (BulkRequestFailure e) {
        fillRetryable(sending, e.getMessage(), results);
        again.addAll(sending);
        return new Attempt(again, e.errorClass() == ErrorClass.PERMANENT ? Optional.of(e.getMessage()) : Optional.empty());
      } catch (IOException | RuntimeException e) {
        fillRetryable(sending, "_bulk request failed: " + e.getMessage(), results);
        again.addAll(sending);
        return new Attempt(again, Optional.empty());
      }
      List<Integer> reshaped = new ArrayList<>();
      for (int k = 0; k < sending.size(); k++) {
        int i = sending.get(k);
        ItemResult outcome = outcomes.get(k);
        Optional<UnindexedValues.Reshaped> aside =
            outcome instanceof ItemResult.Permanent permanent
                ? MappingConflict.fieldPath(permanent.reason()).flatMap(path -> UnindexedValues.aside(current[i].document(), path))
                : Optional.empty();
        // A resend follows an answer, not a timeout: like the first request, it only has to start in time.
        // Requiring a whole request timeout here would refuse every resend in a function shorter than it.
        if (aside.isPresent() && !clock.instant().isAfter(deadline)) {
          current[i] = withDocument(current[i], aside.get(), unindexed.get(i));
          reshaped.add(i);
        } else {
          ItemResult result = aside.isPresent()
              ? new ItemResult.Retryable("no time left to resend it with a value moved aside: "
                  + ((ItemResult.Permanent) outcome).reason())
              : outcome;
          results[i] = result;
          if (result instanceof ItemResult.Retryable) {
            again.add(i);
          }
        }
      }
      sending = reshaped;
    }
    return new Attempt(again, Optional.empty());
  }

  private static void fillRetryable(List<Integer> positions, String reason, ItemResult[] results) {
    ItemResult retryable = new ItemResult.Retryable(reason);
    positions.forEach(i -> results[i] = retryable);
  }

  private static BulkItem mixedListsAside(BulkItem item, List<String> unindexed) {
    if (item.tombstone()) {
      return item;
    }
    UnindexedValues.Reshaped reshaped = UnindexedValues.mixedListsAside(item.document());
    return reshaped.paths().isEmpty() ? item : withDocument(item, reshaped, unindexed);
  }

  private static BulkItem withDocument(BulkItem item, UnindexedValues.Reshaped reshaped, List<String> unindexed) {
    unindexed.addAll(reshaped.paths());
    return new BulkItem(item.messageId(), item.index(), item.id(), item.version(), reshaped.document(), item.tombstone());
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
