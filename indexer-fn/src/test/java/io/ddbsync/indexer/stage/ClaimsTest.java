package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.MemoryGuard;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.testsupport.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim answers and settlement; the order and parallelism of claims are in ParallelClaimsTest. */
class ClaimsTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(NOW);
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private List<String> calls = List.of();

  private final List<Duration> claimedFor = new ArrayList<>();

  private Claims claims(Map<String, IdempotencyGuard.Claim> answers) {
    MemoryGuard guard =
        new MemoryGuard() {
          @Override
          public Claim claim(String dedupId, Duration remainingTime) {
            claimedFor.add(remainingTime);
            return super.claim(dedupId, remainingTime);
          }

          @Override
          public void release(String dedupId) {
            if (dedupId.equals("e9")) {
              throw new IllegalStateException("store unreachable");
            }
            super.release(dedupId);
          }
        };
    guard.answers.putAll(answers);
    calls = guard.calls;
    return new Claims(
        guard,
        ParallelCalls.SEQUENTIAL,
        clock,
        new MessageLog(new JsonLog("test", JsonLog.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8), clock), ItemKeyHash.hashed("test")));
  }

  private static Batch batch(String... dedupIds) {
    List<io.ddbsync.indexer.queue.QueueMessage> messages = new ArrayList<>();
    for (int i = 0; i < dedupIds.length; i++) {
      messages.add(queued("m" + i, upsert("orders", "o" + i, 1, dedupIds[i], "{}")));
    }
    return Parse.batch(messages);
  }

  @Test
  void eachAnswerBecomesAnOutcomeAndTheClaimLastsUntilTheDeadline() {
    Batch batch = batch("e1", "e2", "e3", "e4");

    claims(Map.of(
            "e2", IdempotencyGuard.Claim.ALREADY_APPLIED,
            "e3", IdempotencyGuard.Claim.IN_PROGRESS,
            "e4", IdempotencyGuard.Claim.UNAVAILABLE))
        .claim(batch, NOW.plusSeconds(30));

    assertThat(calls).containsExactly("claim e1", "claim e2", "claim e3", "claim e4");
    assertThat(claimedFor).containsOnly(Duration.ofSeconds(30));
    assertThat(batch.outcome(0)).isEqualTo(Outcome.PENDING);
    assertThat(batch.outcome(1)).isEqualTo(new Outcome.Duplicate());
    assertThat(batch.outcome(2)).isEqualTo(new Outcome.Retry("being applied by another invocation"));
    assertThat(batch.outcome(3)).as("fail open: indexed without a claim").isEqualTo(Outcome.PENDING);
    assertThat(batch.unclaimedCount()).isEqualTo(1);
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("idempotency store unavailable: indexing without claims");
  }

  @Test
  void appliedAndGoneClaimsAreMarkedAppliedTheOthersReleased() {
    Batch batch = batch("e1", "e2", "e3", "e4");
    Claims claims = claims(Map.of());
    claims.claim(batch, NOW.plusSeconds(30));
    calls.clear();
    batch.set(0, new Outcome.Applied(false, false));
    batch.set(1, new Outcome.Gone());
    batch.set(2, new Outcome.Poison(DeadLetterKind.MAPPING, "400"));
    batch.set(3, new Outcome.Retry("503"));

    claims.settle(batch);

    assertThat(calls).containsExactly("applied e1", "applied e2", "release e3", "release e4");
  }

  @Test
  void aSettlementThatFailsIsLoggedAndTheBatchGoesOn() {
    Batch batch = batch("e9", "e1");
    Claims claims = claims(Map.of());
    claims.claim(batch, NOW.plusSeconds(30));
    batch.set(0, new Outcome.Retry("503"));
    batch.set(1, new Outcome.Applied(false, false));

    claims.settle(batch);

    assertThat(calls).contains("applied e1");
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("idempotency record not updated", "store unreachable");
  }
}
