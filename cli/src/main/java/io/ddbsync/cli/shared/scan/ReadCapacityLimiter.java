package io.ddbsync.cli.shared.scan;

import java.util.function.LongSupplier;

/**
 * A token bucket in read capacity units, shared by the scan's segment workers. A worker waits for a
 * non-negative balance before each Scan page and then pays what the page actually consumed, so the
 * balance may go negative by one page (a page can cost up to 128 units: 1 MB at 0.5 per 4 KB) and the
 * average rate stays at the limit.
 */
public final class ReadCapacityLimiter {

  /** Waits a number of nanoseconds; a fake in tests. */
  @FunctionalInterface
  public interface Pause {
    void nanos(long nanos) throws InterruptedException;
  }

  private final double unitsPerSecond;
  private final LongSupplier nanoTime;
  private final Pause pause;
  private double balance;
  private long refilledAt;

  /** {@code unitsPerSecond <= 0} means no limit. */
  public ReadCapacityLimiter(double unitsPerSecond, LongSupplier nanoTime, Pause pause) {
    this.unitsPerSecond = unitsPerSecond;
    this.nanoTime = nanoTime;
    this.pause = pause;
    this.balance = unitsPerSecond;
    this.refilledAt = nanoTime.getAsLong();
  }

  public static ReadCapacityLimiter of(double unitsPerSecond) {
    return new ReadCapacityLimiter(unitsPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  public boolean limited() {
    return unitsPerSecond > 0;
  }

  /** Returns once the bucket holds credit again. */
  public void awaitCredit() throws InterruptedException {
    if (!limited()) {
      return;
    }
    while (true) {
      long wait;
      synchronized (this) {
        refill();
        if (balance >= 0) {
          return;
        }
        wait = (long) Math.ceil(-balance / unitsPerSecond * 1e9);
      }
      pause.nanos(wait);
    }
  }

  /** Pays for a page that consumed {@code units}. */
  public synchronized void consume(double units) {
    if (limited()) {
      refill();
      balance -= units;
    }
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    // At most one second of unused capacity is kept: an idle spell does not buy a burst over the limit.
    balance = Math.min(unitsPerSecond, balance + (now - refilledAt) / 1e9 * unitsPerSecond);
    refilledAt = now;
  }
}
