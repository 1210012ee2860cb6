package io.ddbsync.indexer.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.failure.FifoFailurePolicy.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class FifoFailurePolicyTest {

  @Test
  void nothingFailedReportsNothing() {
    assertThat(FifoFailurePolicy.reportedFailures(List.of(new Outcome("1", "a", false), new Outcome("2", "b", false))))
        .isEmpty();
  }

  @Test
  void failureFailsEveryLaterMessageOfItsGroupEvenIfItSucceeded() {
    List<Outcome> batch =
        List.of(
            new Outcome("1", "a", false),
            new Outcome("2", "a", true),
            new Outcome("3", "b", false),
            new Outcome("4", "a", false),
            new Outcome("5", "a", false));

    assertThat(FifoFailurePolicy.reportedFailures(batch)).containsExactly("2", "4", "5");
  }

  @Test
  void otherGroupsAndEarlierMessagesOfTheGroupGoThrough() {
    List<Outcome> batch =
        List.of(
            new Outcome("1", "a", false),
            new Outcome("2", "b", false),
            new Outcome("3", "a", true),
            new Outcome("4", "b", false),
            new Outcome("5", "c", true),
            new Outcome("6", "b", false));

    assertThat(FifoFailurePolicy.reportedFailures(batch)).containsExactly("3", "5");
  }
}
