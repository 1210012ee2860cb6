package io.ddbsync.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when it {@link #sleep}s, which records each wait; {@code clock::sleep} is a Sleeper. */
public final class FakeClock extends Clock {

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public FakeClock(Instant start) {
    this.now = start;
  }

  public void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
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
