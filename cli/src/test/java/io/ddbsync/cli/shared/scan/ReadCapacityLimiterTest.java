package io.ddbsync.cli.shared.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadCapacityLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final List<Long> waits = new ArrayList<>();
  private final ReadCapacityLimiter limiter = new ReadCapacityLimiter(10, now::get, nanos -> {
    waits.add(nanos);
    now.addAndGet(nanos);
  });

  @Test
  void aPageOverTheBudgetIsPaidForByWaitingBeforeTheNext() throws Exception {
    limiter.awaitCredit();
    limiter.consume(30); // a 1-second bucket of 10 units, overdrawn by 20

    limiter.awaitCredit();

    assertThat(waits).containsExactly(2_000_000_000L);
  }

  @Test
  void creditWithinTheLimitDoesNotWait() throws Exception {
    limiter.consume(5);
    now.addAndGet(500_000_000L);
    limiter.awaitCredit();

    assertThat(waits).isEmpty();
  }

  @Test
  void idleTimeBuysAtMostOneSecondOfCapacity() throws Exception {
    now.addAndGet(60_000_000_000L);
    limiter.consume(25);

    limiter.awaitCredit();

    assertThat(waits).containsExactly(1_500_000_000L);
  }

  @Test
  void zeroMeansUnlimited() throws Exception {
    ReadCapacityLimiter unlimited = new ReadCapacityLimiter(0, now::get, nanos -> waits.add(nanos));
    unlimited.consume(1_000_000);
    unlimited.awaitCredit();

    assertThat(waits).isEmpty();
  }
}
