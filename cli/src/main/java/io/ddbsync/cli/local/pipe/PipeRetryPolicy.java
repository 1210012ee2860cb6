package io.ddbsync.cli.local.pipe;

import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import java.time.Duration;

/**
 * What EventBridge Pipes does with a stream batch whose enrichment or target failed ("Amazon
 * EventBridge Pipes error handling and troubleshooting"; {@code PipeSourceDynamoDBStreamParameters}):
 *
 * <ul>
 *   <li>a customer error (the enrichment threw, returned no array, or too many elements; the target
 *       refused entries) is retried with backoff up to {@code MaximumRetryAttempts} (−1: no limit) or
 *       until the oldest record is older than {@code MaximumRecordAgeInSeconds} (−1: no limit);
 *       with {@code OnPartialBatchItemFailure: AUTOMATIC_BISECT} a failing batch of more than one
 *       record is halved first, until the failing record stands alone;
 *   <li>an internal error (the SDK call to the target failed: connection, throttling) is retried
 *       without counting against {@code MaximumRetryAttempts}, until the record expires;
 *   <li>what is given up goes to the pipe's dead-letter queue, as the batch's sequence-number range.
 * </ul>
 *
 * <p>Pipes documents the backoff only as gradual; here it doubles from {@code firstBackoff} up to
 * {@code maxBackoff}.
 */
public record PipeRetryPolicy(
    int maximumRetryAttempts, Duration maximumRecordAge, boolean bisect, Duration firstBackoff, Duration maxBackoff) {

  /** The first retry waits this long at full time; each next one twice as long, up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** The template's settings, every duration multiplied by {@code timeScale}. */
  public static PipeRetryPolicy of(PipelineSettings.PipeFailureSettings settings, TimeScale timeScale) {
    return new PipeRetryPolicy(
        settings.maximumRetryAttempts(),
        settings.maximumRecordAgeSeconds() < 0 ? UNLIMITED_AGE : timeScale.apply(Duration.ofSeconds(settings.maximumRecordAgeSeconds())),
        settings.bisect(),
        timeScale.apply(FIRST_BACKOFF),
        timeScale.apply(MAX_BACKOFF));
  }

  /** No age limit: {@code MaximumRecordAgeInSeconds} −1. */
  public static final Duration UNLIMITED_AGE = Duration.ofSeconds(-1);

  /** Why a batch went to the dead-letter queue; the names are Lambda's invocation-record conditions. */
  public enum Condition { RetryAttemptsExhausted, RecordAgeExceeded }

  /** The next step for a failed batch. */
  public sealed interface Decision {}

  public record Retry(Duration after) implements Decision {}

  public record Bisect() implements Decision {}

  public record DeadLetter(Condition condition) implements Decision {}

  /**
   * After a customer error.
   *
   * @param retries retries of this batch so far
   * @param records records in the failed batch
   * @param age how long ago the batch's oldest record was read from the stream
   */
  public Decision afterCustomerError(int retries, int records, Duration age) {
    if (bisect && records > 1) {
      return new Bisect();
    }
    if (expired(age)) {
      return new DeadLetter(Condition.RecordAgeExceeded);
    }
    if (maximumRetryAttempts >= 0 && retries >= maximumRetryAttempts) {
      return new DeadLetter(Condition.RetryAttemptsExhausted);
    }
    return new Retry(backoff(retries + 1));
  }

  /** After an internal error, the {@code attempt}-th in a row; only the record's age ends it. */
  public Decision afterInternalError(int attempt, Duration age) {
    return expired(age) ? new DeadLetter(Condition.RecordAgeExceeded) : new Retry(backoff(attempt));
  }

  /** The wait before retry {@code n} (1 = the first retry). */
  public Duration backoff(int n) {
    Duration wait = firstBackoff;
    for (int i = 1; i < n && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private boolean expired(Duration age) {
    return !maximumRecordAge.isNegative() && age.compareTo(maximumRecordAge) > 0;
  }
}
