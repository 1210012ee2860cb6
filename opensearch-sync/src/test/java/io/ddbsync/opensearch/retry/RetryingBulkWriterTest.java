package io.ddbsync.opensearch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryingBulkWriterTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant DEADLINE = START.plusSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    return java.util.Arrays.stream(ids).map(id -> new BulkItem(id, "i", id, 1, JSON.createObjectNode(), false)).toList();
  }

  private RetryingBulkWriter writer(BulkSender sender, int maxRetries) {
    return new RetryingBulkWriter(
        sender, maxRetries, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7)), REQUEST_TIMEOUT,
        clock, clock::sleep);
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

  /** A request that times out: the client waits its whole timeout, then fails. */
  private BulkSender timingOut(List<Integer> requests) {
    return items -> {
      requests.add(items.size());
      clock.sleep(REQUEST_TIMEOUT);
      throw new IOException("Read timed out");
    };
  }

  @Test
  void noRetryIsStartedWhoseRequestCouldOutlastTheDeadline() {
    // A 60 s function less its 3 s margin: after a first request timed out at 30 s, a second one
    // could end at about 60 s, past the deadline, and the function would time out before settling.
    List<Integer> requests = new ArrayList<>();

    RetryingBulkWriter.Report report = writer(timingOut(requests), 3).write(items("a"), START.plusSeconds(57));

    assertThat(requests).hasSize(1);
    assertThat(clock.instant()).isBefore(START.plusSeconds(57));
    assertThat(((ItemResult.Retryable) report.results().get(0)).reason()).contains("Read timed out");
  }

  @Test
  void aRetryWhoseRequestFitsBeforeTheDeadlineIsStarted() {
    List<Integer> requests = new ArrayList<>();

    writer(timingOut(requests), 3).write(items("a"), START.plusSeconds(61));

    assertThat(requests).hasSize(2);
    assertThat(clock.instant()).isBeforeOrEqualTo(START.plusSeconds(61));
  }

  /**
   * Answers like an index whose field {@code a} is mapped as an object: a document with a scalar
   * there is refused with the reason OpenSearch gives; {@code limit} ids are refused with the
   * total-fields limit.
   */
  private static final class MappedIndex implements BulkSender {
    final List<List<ObjectNode>> requests = new ArrayList<>();
    final Set<String> overTheLimit = new HashSet<>();

    @Override
    public List<ItemResult> send(List<BulkItem> items) {
      requests.add(items.stream().map(BulkItem::document).toList());
      return items.stream()
          .map(item -> {
            if (overTheLimit.contains(item.id())) {
              return ItemErrors.classify(400, "illegal_argument_exception", "Limit of total fields [1000] has been exceeded");
            }
            if (item.document().has("a") && !item.document().get("a").isObject()) {
              return ItemErrors.classify(400, "mapper_parsing_exception",
                  "object mapping for [a] tried to parse field [a] as object, but found a concrete value");
            }
            return ItemErrors.classify(201, "", "");
          })
          .toList();
    }
  }

  private static BulkItem item(String id, String document) throws IOException {
    return new BulkItem(id, "i", id, 42, (ObjectNode) JSON.readTree(document.replace('\'', '"')), false);
  }

  @Test
  void aValueTheMappingRefusesIsMovedAsideAndTheItemResentAtOnceWithItsVersion() throws IOException {
    MappedIndex index = new MappedIndex();

    RetryingBulkWriter.Report report =
        writer(index, 3).write(List.of(item("m1", "{'a':'x','b':1}"), item("m2", "{'a':{'c':1}}")), DEADLINE);

    assertThat(report.results()).containsExactly(new ItemResult.Applied(false), new ItemResult.Applied(false));
    assertThat(report.unindexed()).containsExactly(List.of("a"), List.of());
    assertThat(index.requests).hasSize(2);
    assertThat(index.requests.get(1)).containsExactly((ObjectNode) JSON.readTree("{\"b\":1,\"@unindexed\":{\"a\":\"x\"}}"));
    assertThat(clock.sleeps()).as("a resend with a value moved aside waits for nothing").isEmpty();
    assertThat(report.retried()).isZero();
  }

  @Test
  void aListMixingTypesIsMovedAsideBeforeTheFirstRequest() throws IOException {
    MappedIndex index = new MappedIndex();

    RetryingBulkWriter.Report report = writer(index, 3).write(List.of(item("m1", "{'l':[1,'x']}")), DEADLINE);

    assertThat(index.requests).hasSize(1);
    assertThat(index.requests.get(0).get(0).path("@unindexed").has("l")).isTrue();
    assertThat(report.unindexed()).containsExactly(List.of("l"));
  }

  @Test
  void aLimitIsGenuinePoisonAndNothingIsMoved() throws IOException {
    MappedIndex index = new MappedIndex();
    index.overTheLimit.add("m1");

    RetryingBulkWriter.Report report = writer(index, 3).write(List.of(item("m1", "{'a':'x'}")), DEADLINE);

    assertThat(index.requests).hasSize(1);
    assertThat(((ItemResult.Permanent) report.results().get(0)).kind()).isEqualTo(DeadLetterKind.ILLEGAL_ARGUMENT);
    assertThat(report.unindexed()).containsExactly(List.of());
  }

  @Test
  void noResendIsStartedPastTheDeadline() throws IOException {
    MappedIndex index = new MappedIndex();

    RetryingBulkWriter.Report report =
        writer(index, 3).write(List.of(item("m1", "{'a':'x'}")), START.minusMillis(1));

    assertThat(index.requests).hasSize(1);
    assertThat(((ItemResult.Retryable) report.results().get(0)).reason()).contains("object mapping for [a]");
  }
}
