package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import io.ddbsync.testsupport.FakeClock;

import static io.ddbsync.indexer.TestMessages.delete;
import static io.ddbsync.indexer.TestMessages.fetch;
import static io.ddbsync.indexer.TestMessages.invalid;
import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.raw;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkSender;
import io.ddbsync.opensearch.bulk.ItemErrors;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.indexer.deadletter.DeadLetter;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.fetch.FetchResult;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexerTest {

  private static final Instant NOW = Instant.ofEpochSecond(TestMessages.STREAM_TIME + 5);
  private static final ParallelCalls CALLS = ParallelCalls.daemonPool("indexer-test");

  private final FakeClock clock = new FakeClock(NOW);
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  /** Every item succeeds, except the doc ids given a status. */
  private static final class FakeOpenSearch implements BulkSender {
    final Map<String, Integer> statusById = new HashMap<>();
    final List<BulkItem> sent = new ArrayList<>();

    @Override
    public List<ItemResult> send(List<BulkItem> items) {
      sent.addAll(items);
      return items.stream()
          .map(item -> {
            int status = statusById.getOrDefault(item.id(), 201);
            String type = status == 400 ? "mapper_parsing_exception" : status == 409 ? "version_conflict_engine_exception" : "";
            return ItemErrors.classify(status, type, "");
          })
          .toList();
    }

    List<String> sentIds() {
      return sent.stream().map(BulkItem::id).toList();
    }
  }

  private static final class RecordingDeadLetters implements DeadLetterQueue {
    final List<DeadLetter> sent = new ArrayList<>();
    boolean broken;

    @Override
    public void send(DeadLetter letter) {
      if (broken) {
        throw new IllegalStateException("queue unreachable");
      }
      sent.add(letter);
    }
  }

  private final FakeOpenSearch openSearch = new FakeOpenSearch();
  private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
  private final MemoryGuard guard = new MemoryGuard();
  private final Map<String, FetchResult> items = new HashMap<>();
  private final ItemReader reader =
      fetches -> {
        Map<String, FetchResult> results = new HashMap<>();
        fetches.forEach((messageId, fetch) -> results.put(messageId, items.getOrDefault(fetch.id(), new FetchResult.Missing())));
        return results;
      };

  private Indexer indexer(Optional<DeadLetterQueue> dlq) {
    return new Indexer(
        new RetryingBulkWriter(openSearch, 2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), new Random(3)), Duration.ofSeconds(1), clock, clock::sleep),
        new FetchStage(Optional.of(reader), Optional.empty()),
        Optional.empty(),
        guard,
        CALLS,
        dlq,
        clock,
        new MessageLog(new JsonLog("test", JsonLog.Level.DEBUG, new PrintStream(logs, true, StandardCharsets.UTF_8), clock), ItemKeyHash.hashed("test")));
  }

  private BatchReport.Result index(QueueMessage... batch) {
    return indexer(Optional.of(deadLetters)).index(List.of(batch), NOW.plusSeconds(30));
  }

  @Test
  void upsertsAndDeletesBecomeVersionedIndexOperationsInOneBulk() {
    BatchReport.Result result =
        index(
            queued("m1", upsert("orders", "o1", 10, "e1", "{\"total\":12.50}")),
            queued("m2", delete("orders", "o2", 11, "e2", true)));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(openSearch.sent)
        .extracting(BulkItem::index, BulkItem::id, BulkItem::version, BulkItem::tombstone)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders", "o1", 10L, false),
            org.assertj.core.groups.Tuple.tuple("orders", "o2", 11L, true));
    assertThat(openSearch.sent.get(1).document())
        .hasToString("{\"@deleted\":true,\"@deletedAt\":1700000000,\"@ttl\":true}");
    assertThat(result.metrics().indexed()).isEqualTo(1);
    assertThat(result.metrics().deleted()).isEqualTo(1);
    assertThat(result.metrics().lagMaxSeconds()).isEqualTo(5.0);
  }

  @Test
  void versionConflictIsCountedAndNotReportedFailed() {
    openSearch.statusById.put("o1", 409);

    BatchReport.Result result = index(queued("m1", upsert("orders", "o1", 1, "e1", "{}")));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().conflicts()).isEqualTo(1);
    assertThat(guard.applied).containsExactly("e1");
  }

  @Test
  void poisonDocumentGoesToTheDeadLetterQueueAndTheRestOfItsGroupProceeds() {
    openSearch.statusById.put("bad", 400);
    QueueMessage poison = queued("m1", new io.ddbsync.message.Upsert(1, "g", "e1", "e1", "orders", "bad", 1, TestMessages.keys("bad"), 1, json("{}")));
    QueueMessage next = queued("m2", new io.ddbsync.message.Upsert(1, "g", "e2", "e2", "orders", "good", 2, TestMessages.keys("good"), 1, json("{}")));

    BatchReport.Result result = index(poison, next);

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(deadLetters.sent).singleElement().satisfies(letter -> {
      assertThat(letter.message()).isEqualTo(poison);
      assertThat(letter.kind()).isEqualTo(DeadLetterKind.MAPPING);
      assertThat(letter.reason()).startsWith("400 mapper_parsing_exception");
    });
    assertThat(result.metrics().deadLettered()).isEqualTo(1);
    assertThat(result.metrics().indexed()).isEqualTo(1);
    assertThat(guard.released).containsExactly("e1");
    assertThat(guard.applied).containsExactlyInAnyOrder("e2", "dead-letter#m1");
  }

  @Test
  void poisonRedeliveredAfterTheInvocationDiedPastItsDeadLetterSendIsNotDeadLetteredTwice() {
    // The invocation's response is lost (a crash or timeout after the send): SQS redelivers the same
    // message after the visibility timeout (360 s in pipeline.yaml), past the dead-letter queue's
    // 5-minute deduplication window.
    openSearch.statusById.put("bad", 400);
    QueueMessage poison = queued("m1", upsert("orders", "bad", 1, "e1", "{}"));

    index(poison);
    BatchReport.Result redelivered = index(poison);

    assertThat(deadLetters.sent).hasSize(1);
    assertThat(redelivered.failedMessageIds()).isEmpty();
    assertThat(redelivered.metrics().duplicates()).isEqualTo(1);
    assertThat(redelivered.metrics().deadLettered()).isZero();
  }

  @Test
  void poisonRedrivenFromTheDeadLetterQueueWithANewMessageIdIsTriedAgain() {
    openSearch.statusById.put("bad", 400);
    index(queued("m1", upsert("orders", "bad", 1, "e1", "{}")));
    openSearch.statusById.remove("bad"); // the mapping was fixed, then the message redriven

    BatchReport.Result redriven = index(queued("m1-redriven", upsert("orders", "bad", 1, "e1", "{}")));

    assertThat(redriven.failedMessageIds()).isEmpty();
    assertThat(redriven.metrics().indexed()).isEqualTo(1);
    assertThat(openSearch.sentIds()).containsExactly("bad", "bad");
  }

  @Test
  void malformedAndInvalidMessagesAreDeadLetteredWithTheirKind() {
    BatchReport.Result result =
        index(
            raw("m1", "g1", "not json"),
            raw("m2", "g2", "{\"schema\":2,\"type\":\"upsert\"}"),
            queued("m3", invalid("g3", "e3", "record has no Keys")));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(deadLetters.sent)
        .extracting(letter -> letter.message().messageId(), DeadLetter::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("m1", DeadLetterKind.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("m2", DeadLetterKind.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("m3", DeadLetterKind.INVALID));
    assertThat(deadLetters.sent.get(1).reason()).contains("unsupported schema 2");
    assertThat(deadLetters.sent.get(2).reason()).isEqualTo("record has no Keys");
    assertThat(openSearch.sent).isEmpty();
  }

  @Test
  void whenTheDeadLetterQueueFailsThePoisonIsReportedFailedWithTheRestOfItsGroup() {
    deadLetters.broken = true;

    BatchReport.Result result =
        index(raw("m1", "g", "not json"), raw("m2", "g", "also not json"), raw("m3", "other", "{}"));

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2", "m3");
    assertThat(result.metrics().failed()).isEqualTo(3);
  }

  @Test
  void withoutADeadLetterQueuePoisonIsReportedFailed() {
    BatchReport.Result result =
        indexer(Optional.empty()).index(List.of(raw("m1", "g", "not json")), NOW.plusSeconds(30));

    assertThat(result.failedMessageIds()).containsExactly("m1");
  }

  @Test
  void laterMessagesOfAGroupWhoseEarlierMessageFailedBeforeTheBulkAreNotWritten() {
    items.put("o1", new FetchResult.Unavailable("throttled"));
    QueueMessage failingFetch = queued("m1", new io.ddbsync.message.Fetch(1, "g", "e1", "e1", "orders", "o1", 1, TestMessages.keys("o1"), 1, io.ddbsync.message.FetchReason.KEYS_ONLY));
    QueueMessage later = queued("m2", new io.ddbsync.message.Upsert(1, "g", "e2", "e2", "orders", "o1", 2, TestMessages.keys("o1"), 1, json("{}")));
    QueueMessage otherGroup = queued("m3", upsert("orders", "o3", 1, "e3", "{}"));

    BatchReport.Result result = index(failingFetch, later, otherGroup);

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2");
    assertThat(openSearch.sentIds()).containsExactly("o3");
    assertThat(guard.released).containsExactlyInAnyOrder("e1", "e2");
    assertThat(guard.applied).containsExactly("e3");
  }

  @Test
  void retryableFailureInTheBulkFailsTheLaterMessagesOfItsGroupButNotOtherGroups() {
    openSearch.statusById.put("o1", 503);
    QueueMessage first = queued("m1", new io.ddbsync.message.Upsert(1, "g", "e1", "e1", "orders", "o1", 1, TestMessages.keys("o1"), 1, json("{}")));
    QueueMessage second = queued("m2", new io.ddbsync.message.Upsert(1, "g", "e2", "e2", "orders", "o2", 2, TestMessages.keys("o2"), 1, json("{}")));
    QueueMessage otherGroup = queued("m3", upsert("orders", "o3", 1, "e3", "{}"));

    BatchReport.Result result = index(first, second, otherGroup);

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2");
    assertThat(result.metrics().retried()).isEqualTo(2);
    // m2 was written in the same request: it is remembered as applied, so its redelivery is skipped.
    assertThat(guard.applied).containsExactlyInAnyOrder("e2", "e3");
    assertThat(guard.released).containsExactly("e1");
  }

  @Test
  void alreadyAppliedMessageIsAcknowledgedWithoutAWrite() {
    guard.answers.put("e1", IdempotencyGuard.Claim.ALREADY_APPLIED);

    BatchReport.Result result = index(queued("m1", upsert("orders", "o1", 1, "e1", "{}")));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(openSearch.sent).isEmpty();
    assertThat(result.metrics().duplicates()).isEqualTo(1);
  }

  @Test
  void messageInProgressElsewhereIsReportedFailedAndHoldsBackItsGroup() {
    guard.answers.put("e1", IdempotencyGuard.Claim.IN_PROGRESS);
    QueueMessage first = queued("m1", new io.ddbsync.message.Upsert(1, "g", "e1", "e1", "orders", "o1", 1, TestMessages.keys("o1"), 1, json("{}")));
    QueueMessage second = queued("m2", new io.ddbsync.message.Upsert(1, "g", "e2", "e2", "orders", "o1", 2, TestMessages.keys("o1"), 1, json("{}")));

    BatchReport.Result result = index(first, second);

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2");
    assertThat(openSearch.sent).isEmpty();
    assertThat(guard.released).isEmpty();
  }

  @Test
  void fetchIndexesTheCurrentItemAndAcknowledgesAGoneItemWithoutAWrite() {
    items.put("o1", new FetchResult.Found(json("{\"pk\":\"o1\",\"total\":3}"), json("{\"pk\":{\"S\":\"o1\"}}")));

    BatchReport.Result result =
        index(queued("m1", fetch("orders", "o1", 7, "e1")), queued("m2", fetch("orders", "o2", 8, "e2")));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(openSearch.sent).extracting(BulkItem::version).containsExactly(7L);
    assertThat(openSearch.sent.get(0).document()).isEqualTo(json("{\"pk\":\"o1\",\"total\":3}"));
    assertThat(guard.applied).containsExactlyInAnyOrder("e1", "e2");
  }

  @Test
  void fetchWithoutATableIsDeadLettered() {
    Indexer indexer =
        new Indexer(
            new RetryingBulkWriter(openSearch, 0, Backoff.standard(), Duration.ofSeconds(1), clock, clock::sleep),
            new FetchStage(Optional.empty(), Optional.empty()),
            Optional.empty(),
            guard,
            CALLS,
            Optional.of(deadLetters),
            clock,
            new MessageLog(new JsonLog("test", JsonLog.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8), clock), ItemKeyHash.hashed("test")));

    BatchReport.Result result = indexer.index(List.of(queued("m1", fetch("orders", "o1", 7, "e1"))), NOW.plusSeconds(30));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(deadLetters.sent).extracting(DeadLetter::kind).containsExactly(DeadLetterKind.NO_TABLE);
  }

  @Test
  void logsNameTheItemByAKeyedHashAndNeverByKeyOrAttributeValues() {
    String key = "alice@example.com-MARKER";
    openSearch.statusById.put(key, 503);

    index(queued("m1", upsert("orders", key, 1, "e1", "{\"card\":\"4111-MARKER\"}")));

    String written = logs.toString(StandardCharsets.UTF_8);
    assertThat(written)
        .contains(
            "\"messageId\":\"m1\"",
            "\"itemKey\":\"" + ItemKeyHash.hashed("test").of(key) + "\"",
            "\"dedupId\":\"e1\"",
            "\"index\":\"orders\"")
        .doesNotContain("MARKER")
        .doesNotContain("alice");
  }
}
