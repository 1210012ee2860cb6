package io.ddbsync.opensearch.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before retry {@code n} (from 1) wait a uniformly random time
 * in {@code [0, min(cap, base × 2^(n-1))]}, so that concurrent indexers hitting the same 429 spread
 * out instead of retrying together.
 */
public record Backoff(Duration base, Duration cap, RandomGenerator random) {

  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), RandomGenerator.getDefault());
  }

  public Duration delayBefore(int retry) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }
}
