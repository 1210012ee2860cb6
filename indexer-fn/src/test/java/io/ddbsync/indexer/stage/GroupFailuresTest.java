package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.queue.QueueMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIFO rule, alone and as {@link Batch} applies it in every stage. */
class GroupFailuresTest {

  @Test
  void aFailureHoldsBackOnlyTheLaterMessagesOfItsGroup() {
    GroupFailures failures = new GroupFailures();

    failures.failed("a", 2);

    assertThat(failures.holdsBack("a", 1)).isFalse();
    assertThat(failures.holdsBack("a", 2)).isFalse();
    assertThat(failures.holdsBack("a", 3)).isTrue();
    assertThat(failures.holdsBack("b", 3)).isFalse();
  }

  @Test
  void theEarliestFailureOfAGroupCountsWhicheverStageFoundItFirst() {
    GroupFailures failures = new GroupFailures();

    failures.failed("a", 4);
    failures.failed("a", 1);

    assertThat(failures.holdsBack("a", 2)).isTrue();
  }

  @Test
  void nothingFailedReportsNothing() {
    Batch batch = batch("a", "b");

    assertThat(reported(batch)).isEmpty();
  }

  @Test
  void failureFailsEveryLaterMessageOfItsGroupEvenIfItSucceeded() {
    Batch batch = batch("a", "a", "b", "a", "a");
    batch.set(0, new Outcome.Applied(false, false));
    batch.set(1, new Outcome.Retry("x"));
    batch.set(3, new Outcome.Applied(false, false));

    assertThat(reported(batch)).containsExactly("m1", "m3", "m4");
  }

  @Test
  void otherGroupsAndEarlierMessagesOfTheGroupGoThrough() {
    Batch batch = batch("a", "b", "a", "b", "c", "b");
    batch.set(2, new Outcome.Retry("x"));
    batch.set(4, new Outcome.HeldBack("x"));

    assertThat(reported(batch)).containsExactly("m2", "m4");
  }

  @Test
  void aMessageBehindAFailureDoesNotProceedAndIsHeldBack() {
    Batch batch = batch("a", "a", "b");
    batch.set(0, new Outcome.Retry("x"));

    assertThat(batch.proceeds(1, Outcome.Type.PENDING)).isFalse();
    assertThat(batch.outcome(1)).isEqualTo(new Outcome.HeldBack("an earlier message of the group failed"));
    assertThat(batch.proceeds(2, Outcome.Type.PENDING)).isTrue();
    assertThat(batch.proceeds(2, Outcome.Type.READY)).as("not at that step").isFalse();
  }

  /** One pending upsert per group name, with message ids m0, m1, … */
  static Batch batch(String... groups) {
    List<QueueMessage> messages = new ArrayList<>();
    for (int i = 0; i < groups.length; i++) {
      messages.add(queued("m" + i, upsert("orders", groups[i], i + 1, "e" + i, "{}")));
    }
    return Parse.batch(messages);
  }

  private static List<String> reported(Batch batch) {
    List<String> reported = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.reportedFailed(i)) {
        reported.add(batch.message(i).messageId());
      }
    }
    return reported;
  }
}
