package io.ddbsync.cli.shared.template;

import java.time.Duration;

/**
 * One factor applied to every duration the template sets, so that a local run keeps the template's
 * ratios (visibility timeout against function timeout, backoff against record age) in a fraction of
 * the time. A function's {@code Timeout} is never scaled below {@code timeoutFloor} (nor raised above
 * the template's own): a local invocation on a loaded machine takes seconds whatever the factor, and
 * a timeout it cannot meet would only measure the machine.
 */
public record TimeScale(double factor, Duration timeoutFloor) {

  public static final TimeScale FULL = new TimeScale(1);

  public TimeScale {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("a time scale is more than 0 and at most 1, not " + factor);
    }
  }

  /** No floor under the functions' timeouts. */
  public TimeScale(double factor) {
    this(factor, Duration.ZERO);
  }

  public Duration apply(Duration duration) {
    return Duration.ofNanos(Math.round(duration.toNanos() * factor));
  }

  /** A function's {@code Timeout} of {@code seconds} at this scale, at least the floor or the template's value. */
  public Duration timeout(int seconds) {
    Duration template = Duration.ofSeconds(seconds);
    Duration floor = timeoutFloor.compareTo(template) < 0 ? timeoutFloor : template;
    Duration scaled = apply(template);
    return scaled.compareTo(floor) < 0 ? floor : scaled;
  }
}
