package io.ddbsync.indexer;

import io.ddbsync.indexer.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when its {@link #sleeper()} sleeps, which records each wait. */
public final class FakeClock extends Clock {

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public FakeClock(Instant start) {
    this.now = start;
  }

  public Sleeper sleeper() {
    return duration -> {
      sleeps.add(duration);
      now = now.plus(duration);
    };
  }

  public List<Duration> sleeps() {
    return sleeps;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
