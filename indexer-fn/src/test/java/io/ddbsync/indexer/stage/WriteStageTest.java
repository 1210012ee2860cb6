package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.delete;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.BulkRequestFailure;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.opensearch.bulk.ItemErrors;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.testsupport.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteStageTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(NOW);
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final List<List<BulkItem>> requests = new ArrayList<>();

  private WriteStage stage(int... statuses) {
    return new WriteStage(
        new RetryingBulkWriter(
            items -> {
              requests.add(items);
              List<ItemResult> results = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                int status = i < statuses.length ? statuses[i] : 201;
                results.add(ItemErrors.classify(status, status == 400 ? "mapper_parsing_exception" : "", ""));
              }
              return results;
            },
            0, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new Random(1)), Duration.ofSeconds(1), clock, clock::sleep),
        log());
  }

  private MessageLog log() {
    return new MessageLog(
        new JsonLog("test", JsonLog.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8), clock), ItemKeyHash.hashed("test"));
  }

  private static BulkItem item(String index, boolean tombstone) {
    return new BulkItem("m1", index, "o1", 7, JsonNodeFactory.instance.objectNode(), tombstone);
  }

  @Test
  void upsertsAndDeletesAreWrittenInOneRequestAsDocumentsAndTombstones() {
    Batch batch =
        Parse.batch(List.of(queued("m1", upsert("orders", "o1", 3, "e1", "{\"a\":1}")), queued("m2", delete("orders", "o2", 4, "e2", true))));

    stage().run(batch, NOW.plusSeconds(30));

    assertThat(requests).singleElement().satisfies(items -> {
      assertThat(items).extracting(BulkItem::id, BulkItem::version, BulkItem::tombstone)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", 3L, false), org.assertj.core.groups.Tuple.tuple("o2", 4L, true));
      assertThat(items.get(1).document()).hasToString("{\"@deleted\":true,\"@deletedAt\":1700000000,\"@ttl\":true}");
    });
    assertThat(batch.outcome(0)).isEqualTo(new Outcome.Applied(false, false));
    assertThat(batch.outcome(1)).isEqualTo(new Outcome.Applied(true, false));
  }

  @Test
  void aReadyFetchWritesAllItsItemsAndTheNextMessageGetsItsOwnResult() {
    Batch batch =
        Parse.batch(List.of(queued("m1", io.ddbsync.indexer.TestMessages.fetch("orders", "o1", 7, "e1")), queued("m2", upsert("orders", "o2", 1, "e2", "{}"))));
    batch.set(0, new Outcome.Ready(List.of(item("quotes", false), item("orders", true))));

    stage(201, 201, 400).run(batch, NOW.plusSeconds(30));

    assertThat(requests.get(0)).extracting(BulkItem::index).containsExactly("quotes", "orders", "orders");
    assertThat(batch.outcome(0)).isEqualTo(new Outcome.Applied(false, false));
    assertThat(batch.outcome(1)).isInstanceOfSatisfying(Outcome.Poison.class, p -> assertThat(p.kind()).isEqualTo(DeadLetterKind.MAPPING));
  }

  @Test
  void amongAMessagesItemsARetryableResultRetriesItElseAPermanentOneMakesItPoison() {
    List<BulkItem> two = List.of(item("quotes", false), item("orders", true));
    ItemResult applied = new ItemResult.Applied(false);
    ItemResult conflict = new ItemResult.Applied(true);
    ItemResult permanent = new ItemResult.Permanent(DeadLetterKind.MAPPING, "400");
    ItemResult retryable = new ItemResult.Retryable("503");

    assertThat(WriteStage.outcome(two, List.of(permanent, retryable), List.of(List.of(), List.of()))).isEqualTo(new Outcome.Retry("503"));
    assertThat(WriteStage.outcome(two, List.of(applied, permanent), List.of(List.of(), List.of()))).isEqualTo(new Outcome.Poison(DeadLetterKind.MAPPING, "400"));
    assertThat(WriteStage.outcome(two, List.of(conflict, applied), List.of(List.of(), List.of()))).isEqualTo(new Outcome.Applied(false, false));
    assertThat(WriteStage.outcome(two, List.of(conflict, conflict), List.of(List.of(), List.of()))).isEqualTo(new Outcome.Applied(false, true));
    // only a written item's values are kept unindexed: the conflicting one wrote nothing
    assertThat(WriteStage.outcome(two, List.of(applied, conflict), List.of(List.of("tags"), List.of("price"))))
        .isEqualTo(new Outcome.Applied(false, false, List.of("tags")));
  }

  @Test
  void aMessageBehindAFailureOfItsGroupIsNotWritten() {
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "o1", 1, "e1", "{}")), queued("m2", upsert("orders", "o1", 2, "e2", "{}"))));
    batch.set(0, new Outcome.Retry("claim in progress"));

    int retried = stage().run(batch, NOW.plusSeconds(30));

    assertThat(requests).isEmpty();
    assertThat(retried).isZero();
    assertThat(batch.outcome(1)).isInstanceOf(Outcome.HeldBack.class);
  }

  @Test
  void aRequestRefusedWith403IsRetriedByRedeliveryNotDeadLetteredAndLoggedAsAnError() {
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "o1", 1, "e1", "{}"))));
    WriteStage stage =
        new WriteStage(
            new RetryingBulkWriter(
                items -> {
                  requests.add(items);
                  throw BulkRequestFailure.status(403, "no permissions for [indices:data/write/bulk]", null);
                },
                3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new Random(1)), Duration.ofSeconds(1), clock, clock::sleep),
            log());

    stage.run(batch, NOW.plusSeconds(30));

    assertThat(requests).hasSize(1);
    assertThat(batch.outcome(0)).isInstanceOf(Outcome.Retry.class);
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"level\":\"ERROR\"").contains("403");
  }
}
