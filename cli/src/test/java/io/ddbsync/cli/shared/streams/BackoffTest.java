package io.ddbsync.cli.shared.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theWaitDoublesWithEachAttemptUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700));

    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(700));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void emptyPagesArePolledAboutFourTimesASecondAtFirst() {
    assertThat(Backoff.EMPTY_PAGE.after(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(Backoff.EMPTY_PAGE.after(10)).isEqualTo(Duration.ofSeconds(1));
  }
}
