package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.raw;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.deadletter.DeadLetter;
import io.ddbsync.indexer.MemoryGuard;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.testsupport.FakeClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterStageTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(NOW);
  private final List<DeadLetter> sent = new ArrayList<>();

  private final MemoryGuard guard = new MemoryGuard();

  private DeadLetterStage stage() {
    return new DeadLetterStage(Optional.of(sent::add), guard, clock);
  }

  private static Batch malformed(String messageId) {
    return Parse.batch(List.of(raw(messageId, "g", "{")));
  }

  @Test
  void poisonIsSentWithItsKindAndReasonAndAcknowledged() {
    Batch batch = malformed("m1");

    stage().run(batch, NOW.plusSeconds(30));

    assertThat(sent).singleElement().satisfies(letter -> assertThat(letter.kind()).isEqualTo(DeadLetterKind.MALFORMED));
    assertThat(batch.outcome(0)).isInstanceOf(Outcome.DeadLettered.class);
    assertThat(batch.reportedFailed(0)).isFalse();
  }

  @Test
  void theSameMessageDeliveredAgainAfterItsSendIsNotSentTwice() {
    stage().run(malformed("m1"), NOW.plusSeconds(30));
    Batch redelivered = malformed("m1");

    stage().run(redelivered, NOW.plusSeconds(30));

    assertThat(sent).hasSize(1);
    assertThat(redelivered.outcome(0)).isEqualTo(new Outcome.Duplicate());
  }

  @Test
  void aMessageRedrivenFromTheDeadLetterQueueHasANewIdAndIsSentAgain() {
    stage().run(malformed("m1"), NOW.plusSeconds(30));

    stage().run(malformed("m1-redriven"), NOW.plusSeconds(30));

    assertThat(sent).hasSize(2);
  }

  @Test
  void aFailedSendIsRetriedAndReleasesItsRecord() {
    Batch batch = malformed("m1");
    DeadLetterStage broken =
        new DeadLetterStage(Optional.of(letter -> { throw new IllegalStateException("queue unreachable"); }), guard, clock);

    broken.run(batch, NOW.plusSeconds(30));

    assertThat(batch.outcome(0)).isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.reason()).contains("queue unreachable"));
    assertThat(guard.released).containsExactly("dead-letter#m1");
  }

  @Test
  void withoutADeadLetterQueuePoisonIsRetried() {
    Batch batch = malformed("m1");

    new DeadLetterStage(Optional.empty(), guard, clock).run(batch, NOW.plusSeconds(30));

    assertThat(batch.outcome(0)).isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.reason()).startsWith("DEAD_LETTER_QUEUE_URL is not set"));
  }

  @Test
  void poisonBehindAFailureOfItsGroupIsHeldBackNotSent() {
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "g", 1, "e1", "{}")), raw("m2", "g", "{")));
    batch.set(0, new Outcome.Retry("503"));

    stage().run(batch, NOW.plusSeconds(30));

    assertThat(sent).isEmpty();
    assertThat(batch.outcome(1)).isInstanceOf(Outcome.HeldBack.class);
  }
}
