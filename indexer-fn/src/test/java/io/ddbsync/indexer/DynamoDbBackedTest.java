package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.keys;
import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.idempotency.PowertoolsIdempotencyGuard;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.Upsert;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Fetch (consistent BatchGetItem) and idempotency against dynalite, writing to the real node. */
class DynamoDbBackedTest {

  @Test
  void fetchIndexesTheCurrentItemAndAcknowledgesAGoneItemWithoutAWrite() {
    String table = LocalServices.newTable("items", "pk");
    String index = LocalServices.newIndex("fetched");
    LocalServices.dynamoDb()
        .putItem(p -> p.tableName(table).item(Map.of(
            "pk", AttributeValue.fromS("o1"),
            "total", AttributeValue.fromN("12345678901234567890.5"),
            "tags", AttributeValue.fromSs(List.of("b", "a")))));

    BatchReport.Result result =
        new Harness()
            .table(table)
            .index(
                queued("m1", new Fetch(1, "o1", "e1", "e1", index, "o1", 9, keys("o1"), 1_700_000_000L, FetchReason.TOO_LARGE)),
                queued("m2", new Fetch(1, "o2", "e2", "e2", index, "o2", 9, keys("o2"), 1_700_000_000L, FetchReason.KEYS_ONLY)));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(Documents.source(index, "o1"))
        .isEqualTo(json("{\"pk\":\"o1\",\"total\":12345678901234567890.5,\"tags\":[\"a\",\"b\"]}"));
    assertThat(Documents.get(index, "o1").version()).isEqualTo(9L);
    // The gone item's delete is a REMOVE of its own, at a higher version; a TTL expiry may be kept.
    assertThat(Documents.get(index, "o2").found()).isFalse();
    assertThat(result.metrics().indexed()).isEqualTo(1);
    assertThat(result.metrics().deleted()).isZero();
  }

  @Test
  void anOldImageFetchOfAnItemThatChangedRouteLandsInItsNewIndexAndLeavesATombstoneInTheOld() {
    String table = LocalServices.newTable("moved", "pk");
    String orders = LocalServices.newIndex("orders");
    String quotes = LocalServices.newIndex("quotes");
    LocalServices.dynamoDb()
        .putItem(p -> p.tableName(table).item(Map.of(
            "pk", AttributeValue.fromS("o1"), "entityType", AttributeValue.fromS("Quote"))));
    // With an OLD_IMAGE stream the enrichment routed the MODIFY by the old image, an Order.
    QueueMessage modify =
        queued("m1", new Fetch(1, "o1", "e1", "e1", orders, "o1", 9, keys("o1"), 1_700_000_000L, FetchReason.OLD_IMAGE));

    BatchReport.Result result =
        new Harness()
            .table(table)
            .routes("entityType=Order=>" + orders + ";entityType=Quote=>" + quotes, java.util.Optional.empty())
            .index(modify);

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(Documents.source(quotes, "o1")).isEqualTo(json("{\"pk\":\"o1\",\"entityType\":\"Quote\"}"));
    assertThat(Documents.get(quotes, "o1").version()).isEqualTo(9L);
    assertThat(Documents.source(orders, "o1").get("@deleted").booleanValue()).isTrue();
    assertThat(Documents.get(orders, "o1").version()).isEqualTo(9L);
  }

  @Test
  void redeliveredAppliedMessageDoesNoSecondWrite() {
    String idempotencyTable = LocalServices.newTable("idempotency", "id");
    String index = LocalServices.newIndex("idem");
    PowertoolsIdempotencyGuard guard =
        PowertoolsIdempotencyGuard.dynamoDb(LocalServices.dynamoDb(), idempotencyTable, Duration.ofHours(1), Clock.systemUTC());
    QueueMessage message =
        queued("m1", new Upsert(1, "o1", "evt-1", "evt-1", index, "o1", 3, keys("o1"), 1_700_000_000L, json("{\"n\":1}")));

    BatchReport.Result first = new Harness().idempotency(guard).index(message);
    var afterFirst = Documents.get(index, "o1");
    BatchReport.Result again = new Harness().idempotency(guard).index(message);
    var afterAgain = Documents.get(index, "o1");

    assertThat(first.metrics().indexed()).isEqualTo(1);
    assertThat(again.failedMessageIds()).isEmpty();
    assertThat(again.metrics().duplicates()).isEqualTo(1);
    assertThat(again.metrics().conflicts()).isZero();
    assertThat(afterAgain.seqNo()).isEqualTo(afterFirst.seqNo());
    assertThat(afterAgain.version()).isEqualTo(afterFirst.version());
    List<Map<String, AttributeValue>> records =
        LocalServices.dynamoDb().scan(s -> s.tableName(idempotencyTable)).items();
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.get("status").s()).isEqualTo("COMPLETED");
      assertThat(record.get("id").s()).contains("indexer#");
    });
  }

  @Test
  void failedWriteReleasesItsIdempotencyRecordSoTheRedeliveryIsApplied() throws Exception {
    String idempotencyTable = LocalServices.newTable("idempotency", "id");
    String index = LocalServices.newIndex("idem-release");
    LocalServices.openSearch()
        .indices()
        .create(c -> c.index(index).mappings(m -> m.properties("n", p -> p.long_(l -> l))));
    PowertoolsIdempotencyGuard guard =
        PowertoolsIdempotencyGuard.dynamoDb(LocalServices.dynamoDb(), idempotencyTable, Duration.ofHours(1), Clock.systemUTC());
    // Nested past index.mapping.depth.limit (20): what no document can hold.
    QueueMessage poison = queued("m1", new Upsert(1, "o1", "evt-9", "evt-9", index, "o1", 3, keys("o1"), 1_700_000_000L,
        json("{\"n\":1,\"notes\":" + "{\"a\":".repeat(25) + "1" + "}".repeat(26))));

    BatchReport.Result result = new Harness().idempotency(guard).index(poison);

    // No dead-letter queue configured: the poison is reported failed, and its claim released.
    assertThat(result.failedMessageIds()).containsExactly("m1");
    assertThat(LocalServices.dynamoDb().scan(s -> s.tableName(idempotencyTable)).items()).isEmpty();
  }

  @Test
  void whenTheIdempotencyStoreCannotAnswerTheMessageIsIndexedAnywayAndCounted() {
    String index = LocalServices.newIndex("idem-outage");
    // A table that does not exist: every call of the store fails, as in an outage.
    PowertoolsIdempotencyGuard guard =
        PowertoolsIdempotencyGuard.dynamoDb(LocalServices.dynamoDb(), "no-such-table", Duration.ofHours(1), Clock.systemUTC());
    Harness harness = new Harness().idempotency(guard);

    BatchReport.Result result = harness.index(
        queued("m1", new Upsert(1, "o1", "evt-1", "evt-1", index, "o1", 3, keys("o1"), 1_700_000_000L, json("{\"n\":1}"))),
        queued("m2", new Upsert(1, "o2", "evt-2", "evt-2", index, "o2", 4, keys("o2"), 1_700_000_000L, json("{\"n\":2}"))));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().indexed()).isEqualTo(2);
    assertThat(result.metrics().idempotencyUnavailable()).isEqualTo(2);
    assertThat(Documents.get(index, "o1").version()).isEqualTo(3L);
    assertThat(harness.logs.toString(java.nio.charset.StandardCharsets.UTF_8))
        .containsOnlyOnce("idempotency store unavailable");
  }
}
