package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.Cli;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The retry rules of "Amazon EventBridge Pipes error handling and troubleshooting" and
 * {@code PipeSourceDynamoDBStreamParameters}: customer errors retried up to MaximumRetryAttempts or
 * MaximumRecordAgeInSeconds, halved first with AUTOMATIC_BISECT; internal errors retried until the
 * record expires, not counted as attempts.
 */
class PipeRetryPolicyTest {

  static final Duration SECOND = Duration.ofSeconds(1);

  final PipeRetryPolicy bisecting = new PipeRetryPolicy(2, Duration.ofSeconds(60), true, SECOND, Duration.ofSeconds(4));

  @Test
  void aFailingBatchOfSeveralRecordsIsHalvedBeforeAnyRetry() {
    assertThat(bisecting.afterCustomerError(0, 5, Duration.ZERO)).isEqualTo(new PipeRetryPolicy.Bisect());
    assertThat(bisecting.afterCustomerError(0, 2, Duration.ZERO)).isEqualTo(new PipeRetryPolicy.Bisect());
  }

  @Test
  void aRecordStandingAloneIsRetriedWithGrowingBackoffThenDeadLettered() {
    assertThat(bisecting.afterCustomerError(0, 1, Duration.ZERO)).isEqualTo(new PipeRetryPolicy.Retry(SECOND));
    assertThat(bisecting.afterCustomerError(1, 1, Duration.ZERO)).isEqualTo(new PipeRetryPolicy.Retry(Duration.ofSeconds(2)));
    assertThat(bisecting.afterCustomerError(2, 1, Duration.ZERO))
        .isEqualTo(new PipeRetryPolicy.DeadLetter(PipeRetryPolicy.Condition.RetryAttemptsExhausted));
  }

  @Test
  void withoutBisectionTheWholeBatchIsRetried() {
    PipeRetryPolicy whole = new PipeRetryPolicy(1, Duration.ofSeconds(60), false, SECOND, SECOND);

    assertThat(whole.afterCustomerError(0, 5, Duration.ZERO)).isEqualTo(new PipeRetryPolicy.Retry(SECOND));
    assertThat(whole.afterCustomerError(1, 5, Duration.ZERO))
        .isEqualTo(new PipeRetryPolicy.DeadLetter(PipeRetryPolicy.Condition.RetryAttemptsExhausted));
  }

  @Test
  void recordsOlderThanTheMaximumAgeAreDeadLetteredWhateverTheAttemptsLeft() {
    assertThat(bisecting.afterCustomerError(0, 1, Duration.ofSeconds(61)))
        .isEqualTo(new PipeRetryPolicy.DeadLetter(PipeRetryPolicy.Condition.RecordAgeExceeded));
  }

  @Test
  void minusOneMeansNoLimit() {
    PipeRetryPolicy unlimited = new PipeRetryPolicy(-1, PipeRetryPolicy.UNLIMITED_AGE, false, SECOND, Duration.ofSeconds(4));

    assertThat(unlimited.afterCustomerError(10_000, 1, Duration.ofDays(2))).isEqualTo(new PipeRetryPolicy.Retry(Duration.ofSeconds(4)));
  }

  @Test
  void internalErrorsDoNotCountAgainstTheAttemptsOnlyAgainstTheRecordAge() {
    assertThat(bisecting.afterInternalError(50, Duration.ofSeconds(59))).isEqualTo(new PipeRetryPolicy.Retry(Duration.ofSeconds(4)));
    assertThat(bisecting.afterInternalError(1, Duration.ofSeconds(61)))
        .isEqualTo(new PipeRetryPolicy.DeadLetter(PipeRetryPolicy.Condition.RecordAgeExceeded));
  }

  @Test
  void theTemplatesSettingsAreReadAndScaledTogether() {
    PipelineSettings settings = TemplateSettings.load(Cli.template());
    PipelineSettings.PipeFailureSettings failures = settings.pipeFailures();

    PipeRetryPolicy policy = PipeRetryPolicy.of(failures, new TimeScale(0.01));

    assertThat(failures).isEqualTo(new PipelineSettings.PipeFailureSettings(10, 3600, true,
        Optional.of(TemplateSettings.LOCAL_STACK + "-PipeDeadLetterQueue")));
    assertThat(policy.maximumRetryAttempts()).isEqualTo(10);
    assertThat(policy.maximumRecordAge()).isEqualTo(Duration.ofSeconds(36));
    assertThat(policy.firstBackoff()).isEqualTo(Duration.ofMillis(10));
    assertThat(policy.maxBackoff()).isEqualTo(Duration.ofMillis(300));
  }
}
