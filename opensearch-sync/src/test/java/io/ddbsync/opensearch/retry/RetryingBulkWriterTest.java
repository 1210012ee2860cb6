package io.ddbsync.opensearch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testsupport.FakeClock;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkRequestFailure;
import io.ddbsync.opensearch.bulk.BulkSender;
import io.ddbsync.opensearch.bulk.ItemErrors;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryingBulkWriterTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant DEADLINE = START.plusSeconds(60);

  private final FakeClock clock = new FakeClock(START);

  /** Answers each request with the next scripted status per item (by position), or throws. */
  private static final class ScriptedSender implements BulkSender {
    final Deque<Object> script = new ArrayDeque<>();
    final List<List<String>> requests = new ArrayList<>();

    ScriptedSender then(Integer... statuses) {
      script.add(List.of(statuses));
      return this;
    }

    ScriptedSender thenFailWholeRequest() {
      script.add(new IOException("Connection refused"));
      return this;
    }

    ScriptedSender thenRefuseWholeRequest(int status) {
      script.add(BulkRequestFailure.status(status, "refused", null));
      return this;
    }

    @Override
    public List<ItemResult> send(List<BulkItem> items) throws IOException {
      requests.add(items.stream().map(BulkItem::messageId).toList());
      Object next = script.isEmpty() ? List.of() : script.poll();
      if (next instanceof IOException e) {
        throw e;
      }
      @SuppressWarnings("unchecked")
      List<Integer> statuses = (List<Integer>) next;
      List<ItemResult> results = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        int status = i < statuses.size() ? statuses.get(i) : 201;
        String type = status == 409 ? "version_conflict_engine_exception" : status == 400 ? "mapper_parsing_exception" : "";
        results.add(ItemErrors.classify(status, type, ""));
      }
      return results;
    }
  }

  private static List<BulkItem> items(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> new BulkItem(id, "i", id, 1, null, false)).toList();
  }

  private RetryingBulkWriter writer(BulkSender sender, int maxRetries) {
    return new RetryingBulkWriter(
        sender, maxRetries, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7)), clock, clock::sleep);
  }

  @Test
  void onlyTheItemsThatFailedRetryablyAreSentAgain() {
    ScriptedSender sender = new ScriptedSender().then(201, 429, 503, 409, 400).then(201, 201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a", "b", "c", "d", "e"), DEADLINE);

    assertThat(sender.requests).containsExactly(List.of("a", "b", "c", "d", "e"), List.of("b", "c"));
    assertThat(report.retried()).isEqualTo(2);
    assertThat(report.results().subList(0, 4))
        .containsExactly(
            new ItemResult.Applied(false), new ItemResult.Applied(false), new ItemResult.Applied(false), new ItemResult.Applied(true));
    assertThat(((ItemResult.Permanent) report.results().get(4)).kind()).isEqualTo(DeadLetterKind.MAPPING);
  }

  @Test
  void a429Then503ThenSuccessSequenceEndsApplied() {
    ScriptedSender sender = new ScriptedSender().then(429).then(503).then(201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a"), DEADLINE);

    assertThat(report.results()).containsExactly(new ItemResult.Applied(false));
    assertThat(sender.requests).hasSize(3);
    assertThat(clock.sleeps()).hasSize(2);
  }

  @Test
  void stillFailingAfterMaxRetriesIsReturnedRetryable() {
    ScriptedSender sender = new ScriptedSender().then(429).then(429).then(429).then(429).then(201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a"), DEADLINE);

    assertThat(sender.requests).hasSize(4);
    assertThat(report.retried()).isEqualTo(3);
    assertThat(report.results().get(0)).isInstanceOf(ItemResult.Retryable.class);
  }

  @Test
  void zeroMaxRetriesSendsOnce() {
    ScriptedSender sender = new ScriptedSender().then(503);

    RetryingBulkWriter.Report report = writer(sender, 0).write(items("a"), DEADLINE);

    assertThat(sender.requests).hasSize(1);
    assertThat(report.results().get(0)).isInstanceOf(ItemResult.Retryable.class);
  }

  @Test
  void wholeRequestFailureRetriesEveryItem() {
    ScriptedSender sender = new ScriptedSender().thenFailWholeRequest().then(201, 201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a", "b"), DEADLINE);

    assertThat(sender.requests).containsExactly(List.of("a", "b"), List.of("a", "b"));
    assertThat(report.results()).containsOnly(new ItemResult.Applied(false));
    assertThat(report.refusal()).isEmpty();
  }

  @Test
  void wholeRequestThrottledOrServerErrorIsRetried() {
    ScriptedSender sender = new ScriptedSender().thenRefuseWholeRequest(429).thenRefuseWholeRequest(502).then(201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a"), DEADLINE);

    assertThat(sender.requests).hasSize(3);
    assertThat(report.results()).containsExactly(new ItemResult.Applied(false));
    assertThat(report.refusal()).isEmpty();
  }

  @Test
  void wholeRequestRefusedWith400Or403Or404IsNotRetriedAndItsItemsAreLeftToRedelivery() {
    for (int status : new int[] {400, 403, 404}) {
      ScriptedSender sender = new ScriptedSender().thenRefuseWholeRequest(status).then(201, 201);

      RetryingBulkWriter.Report report = writer(sender, 3).write(items("a", "b"), DEADLINE);

      assertThat(sender.requests).as("status %d", status).hasSize(1);
      assertThat(report.results()).allMatch(r -> r instanceof ItemResult.Retryable);
      assertThat(report.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains(String.valueOf(status)));
      assertThat(report.retried()).isZero();
    }
  }

  @Test
  void noRetryIsStartedThatWouldWaitPastTheDeadline() {
    ScriptedSender sender = new ScriptedSender().then(429).then(201);

    RetryingBulkWriter.Report report = writer(sender, 3).write(items("a"), START.plusMillis(1));

    assertThat(sender.requests).hasSize(1);
    assertThat(clock.sleeps()).isEmpty();
    assertThat(((ItemResult.Retryable) report.results().get(0)).reason()).startsWith("429");
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(1));
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayBefore(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
      assertThat(backoff.delayBefore(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(backoff.delayBefore(30)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
    }
  }
}
