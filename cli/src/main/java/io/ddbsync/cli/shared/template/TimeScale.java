package io.ddbsync.cli.shared.template;

import java.time.Duration;

/**
 * One factor applied to every duration the template sets, so that a local run keeps the template's
 * ratios (visibility timeout against function timeout, backoff against record age) in a fraction of
 * the time.
 */
public record TimeScale(double factor) {

  public static final TimeScale FULL = new TimeScale(1);

  public TimeScale {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("a time scale is more than 0 and at most 1, not " + factor);
    }
  }

  public Duration apply(Duration duration) {
    return Duration.ofNanos(Math.round(duration.toNanos() * factor));
  }
}
