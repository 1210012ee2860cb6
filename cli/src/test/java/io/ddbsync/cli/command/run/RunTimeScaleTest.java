package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.shared.template.TimeScale;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The run's time scale: the template's durations scaled together, a function's Timeout never under
 * the floor, and the visibility timeout never under the indexer's Timeout (Lambda "Using Lambda with
 * Amazon SQS": the queue's visibility timeout must be at least the function's timeout).
 */
class RunTimeScaleTest {

  private static final TimeScale RUN_DEFAULT = new TimeScale(0.01, RunCommand.TIMEOUT_FLOOR);

  @Test
  void scalesDurations() {
    assertThat(new TimeScale(0.5).apply(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aFunctionTimeoutIsNotScaledBelowTheFloor() {
    assertThat(RUN_DEFAULT.timeout(60)).isEqualTo(Duration.ofSeconds(5));
    assertThat(new TimeScale(0.5, RunCommand.TIMEOUT_FLOOR).timeout(60)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aTemplateTimeoutUnderTheFloorStaysAsItIs() {
    assertThat(RUN_DEFAULT.timeout(2)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutAFloorTheTimeoutScalesFreely() {
    assertThat(new TimeScale(0.2).timeout(1)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void theVisibilityTimeoutIsNeverShorterThanTheIndexersTimeout() {
    // 360 s at 0.01 is 3.6 s, under the indexer's floored 5 s.
    assertThat(RunCommand.visibilitySeconds(360, 60, RUN_DEFAULT)).isEqualTo(5);
  }

  @Test
  void aboveTheFloorTheTemplatesRatioHoldsInWholeSeconds() {
    TimeScale scale = new TimeScale(0.1, RunCommand.TIMEOUT_FLOOR);
    assertThat(scale.timeout(60)).isEqualTo(Duration.ofSeconds(6));
    assertThat(RunCommand.visibilitySeconds(360, 60, scale)).isEqualTo(36);
    assertThat(RunCommand.visibilitySeconds(100, 60, new TimeScale(0.0125, RunCommand.TIMEOUT_FLOOR)))
        .as("1.25 s rounded up, then raised to the 5 s Timeout").isEqualTo(5);
  }

  @Test
  void refusesAFactorOutsideZeroToOne() {
    assertThatThrownBy(() -> new TimeScale(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TimeScale(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
