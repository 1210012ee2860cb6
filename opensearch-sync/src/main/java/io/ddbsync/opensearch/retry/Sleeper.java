package io.ddbsync.opensearch.retry;

import java.time.Duration;

/** Waits between attempts; tests pass one that only advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
