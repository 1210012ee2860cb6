package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import io.ddbsync.testsupport.FakeClock;

import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.bulk.ItemErrors;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.message.Upsert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idempotency calls of different groups run in parallel; those of one group stay in batch order. */
class ParallelClaimsTest {

  private static final Instant NOW = Instant.ofEpochSecond(TestMessages.STREAM_TIME + 5);
  private static final long WAIT_SECONDS = 10;
  private static final ParallelCalls CALLS = ParallelCalls.daemonPool("parallel-claims-test");

  private final FakeClock clock = new FakeClock(NOW);
  private final List<String> written = Collections.synchronizedList(new ArrayList<>());
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  private Indexer indexer(IdempotencyGuard guard) {
    return new Indexer(
        new RetryingBulkWriter(
            items -> {
              items.forEach(item -> written.add(item.id()));
              return items.stream().map(item -> ItemErrors.classify(201, "", "")).toList();
            },
            0,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), new Random(3)),
            Duration.ofSeconds(1),
            clock,
            clock::sleep),
        new FetchStage(Optional.empty(), Optional.empty()),
        Optional.empty(),
        guard,
        CALLS,
        Optional.empty(),
        clock,
        new MessageLog(
            new JsonLog("test", JsonLog.Level.DEBUG, new PrintStream(logs, true, StandardCharsets.UTF_8), clock),
            ItemKeyHash.hashed("test")));
  }

  private static QueueMessage message(String messageId, String group, String dedupId) {
    return queued(
        messageId,
        new Upsert(1, group, dedupId, dedupId, "orders", dedupId, 1, TestMessages.keys(dedupId), 1, TestMessages.json("{}")));
  }

  private BatchReport.Result index(IdempotencyGuard guard, QueueMessage... batch) {
    return indexer(guard).index(List.of(batch), NOW.plusSeconds(30));
  }

  @Test
  void claimsOfOneGroupAreMadeInBatchOrder() {
    MemoryGuard guard = new MemoryGuard();

    BatchReport.Result result =
        index(
            guard,
            message("m1", "a", "a1"), message("m2", "b", "b1"), message("m3", "a", "a2"),
            message("m4", "c", "c1"), message("m5", "a", "a3"), message("m6", "b", "b2"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(guard.callsFor("a1", "a2", "a3"))
        .startsWith("claim a1", "claim a2", "claim a3")
        .containsExactlyInAnyOrder("claim a1", "claim a2", "claim a3", "applied a1", "applied a2", "applied a3");
    assertThat(guard.callsFor("b1", "b2")).startsWith("claim b1", "claim b2");
    assertThat(written).containsExactlyInAnyOrder("a1", "b1", "a2", "c1", "a3", "b2");
  }

  @Test
  void afterAFailedClaimTheLaterMessagesOfItsGroupAreNeitherClaimedNorWritten() {
    MemoryGuard guard = new MemoryGuard();
    guard.answers.put("a2", IdempotencyGuard.Claim.IN_PROGRESS);

    BatchReport.Result result =
        index(
            guard,
            message("m1", "a", "a1"), message("m2", "a", "a2"), message("m3", "b", "b1"),
            message("m4", "a", "a3"), message("m5", "c", "c1"));

    assertThat(result.failedMessageIds()).containsExactly("m2", "m4");
    assertThat(guard.callsFor("a1", "a2", "a3")).containsExactly("claim a1", "claim a2", "applied a1");
    assertThat(written).containsExactlyInAnyOrder("a1", "b1", "c1");
  }

  @Test
  void whenTheStoreCannotAnswerTheMessageIsIndexedWithoutAClaimAndCounted() {
    MemoryGuard guard = new MemoryGuard();
    guard.answers.putAll(Map.of("a1", IdempotencyGuard.Claim.UNAVAILABLE, "b1", IdempotencyGuard.Claim.UNAVAILABLE));

    BatchReport.Result result =
        index(guard, message("m1", "a", "a1"), message("m2", "b", "b1"), message("m3", "b", "b2"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(written).containsExactlyInAnyOrder("a1", "b1", "b2");
    // Nothing to settle for a message that was never claimed; the group's next message is claimed as usual.
    assertThat(guard.callsFor("b1", "b2")).containsExactlyInAnyOrder("claim b1", "claim b2", "applied b2");
    assertThat(guard.callsFor("a1")).containsExactly("claim a1");
    assertThat(result.metrics().idempotencyUnavailable()).isEqualTo(2);
    assertThat(result.metrics().indexed()).isEqualTo(3);
    assertThat(logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("idempotency store unavailable")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("\"messages\":2"));
  }

  /** Each call of a kind waits until the other group's call of that kind has started. */
  private static final class RendezvousGuard extends MemoryGuard {
    final CountDownLatch claims = new CountDownLatch(2);
    final CountDownLatch settles = new CountDownLatch(2);
    final List<String> metInTime = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Claim claim(String dedupId, Duration remainingTime) {
      super.claim(dedupId, remainingTime);
      return meet(claims, "claim " + dedupId) ? Claim.CLAIMED : Claim.UNAVAILABLE;
    }

    @Override
    public void applied(String dedupId) {
      super.applied(dedupId);
      meet(settles, "applied " + dedupId);
    }

    private boolean meet(CountDownLatch latch, String call) {
      latch.countDown();
      try {
        if (latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          metInTime.add(call);
          return true;
        }
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Test
  void claimsAndSettlesOfDifferentGroupsRunConcurrently() {
    RendezvousGuard guard = new RendezvousGuard();

    BatchReport.Result result = index(guard, message("m1", "a", "a1"), message("m2", "b", "b1"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(guard.metInTime).containsExactlyInAnyOrder("claim a1", "claim b1", "applied a1", "applied b1");
  }
}
