package io.ddbsync.cli.shared.streams;

import java.time.Duration;

/** A wait that doubles with each attempt in a row, from {@code initial} up to {@code max}. */
public record Backoff(Duration initial, Duration max) {

  /** Between GetRecords calls on a shard that answered empty: Lambda and Pipes poll a shard about 4 times a second. */
  public static final Backoff EMPTY_PAGE = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(1));

  /** After LimitExceededException: GetRecords allows 5 calls a second per shard (DynamoDB Streams API reference). */
  public static final Backoff THROTTLED = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

  /** The wait before the next call after {@code attempt} (1, 2, …) failed or empty calls in a row. */
  public Duration after(int attempt) {
    long millis = initial.toMillis();
    for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
