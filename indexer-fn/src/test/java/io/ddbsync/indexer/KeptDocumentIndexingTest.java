package io.ddbsync.indexer;

import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.keys;
import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.stage.BatchReport;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.Upsert;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TTL_EXPIRY=keep on the real node: a document kept after a TTL expiry is tombstoned when its key is
 * written again under another route, and the tombstone orders later redeliveries like any other.
 */
class KeptDocumentIndexingTest {

  private final String items = LocalServices.newIndex("items");
  private final String orders = LocalServices.newIndex("orders");

  private Harness harness() {
    return new Harness().routes("entityType=Order=>" + orders, Optional.of(items)).keptDocuments();
  }

  private static QueueMessage upsert(String messageId, String index, long version, String entityType) {
    return queued(messageId, new Upsert(1, "k1", "e-" + messageId, "e-" + messageId, index, "k1", version, keys("k1"),
        1_700_000_000L + version, json("{\"pk\":\"k1\",\"entityType\":\"" + entityType + "\"}")));
  }

  @Test
  void aKeyWrittenAgainUnderAnotherRouteTombstonesItsKeptDocument() {
    // A Quote, in the default index; its TTL expiry was kept (the enrichment emitted nothing). The
    // orders index does not exist yet when this write looks there: a missing index holds nothing.
    assertThat(harness().index(upsert("m1", items, 3, "Quote")).failedMessageIds()).isEmpty();

    // The key comes back as an Order.
    Harness harness = harness();
    BatchReport.Result reused = harness.index(upsert("m2", orders, 9, "Order"));

    assertThat(reused.failedMessageIds()).isEmpty();
    assertThat(reused.metrics().keptReplaced()).isOne();
    assertThat(reused.metrics().indexed()).isOne();
    assertThat(Documents.source(orders, "k1")).isEqualTo(json("{\"pk\":\"k1\",\"entityType\":\"Order\"}"));
    assertThat(Documents.source(items, "k1")).hasToString("{\"@deleted\":true,\"@deletedAt\":1700000009,\"@ttl\":false}");
    assertThat(Documents.get(items, "k1").version()).isEqualTo(9L);
    assertThat(harness.logs.toString(StandardCharsets.UTF_8))
        .contains("tombstoning a kept document in another index", "\"keptIndex\":\"" + items + "\"")
        .doesNotContain("\"k1\"");
  }

  @Test
  void theTombstoneRefusesAnOlderRedriveAndAnOlderWriteTombstonesNothing() {
    harness().index(upsert("m1", items, 3, "Quote"));
    harness().index(upsert("m2", orders, 9, "Order"));

    // The Quote's last update, redriven late, and an older Order update redriven after it.
    BatchReport.Result lateQuote = harness().index(upsert("m3", items, 5, "Quote"));
    BatchReport.Result lateOrder = harness().index(upsert("m4", orders, 7, "Order"));

    assertThat(lateQuote.metrics().conflicts()).isOne();
    assertThat(lateOrder.metrics().conflicts()).isOne();
    assertThat(lateOrder.metrics().keptReplaced()).isZero();
    assertThat(Documents.source(items, "k1").get("@deleted").booleanValue()).isTrue();
    assertThat(Documents.get(orders, "k1").version()).isEqualTo(9L);
  }

  @Test
  void aMoveTombstonesOnlyThroughItsOwnDeleteAndANewerDocumentElsewhereStaysLive() {
    harness().index(upsert("m1", items, 3, "Quote"));
    // A NEW_AND_OLD_IMAGES move in one batch: the delete in the index it leaves, then the upsert.
    QueueMessage leave = queued("m2", new Delete(1, "k1", "e-m2:moved", "e-m2", items, "k1", 9, keys("k1"), 1_700_000_009L, false));

    BatchReport.Result moved = harness().index(leave, upsert("m3", orders, 9, "Order"));
    // The Quote's update before the move, redriven late: refused by the move's tombstone.
    BatchReport.Result late = harness().index(upsert("m4", items, 5, "Quote"));

    assertThat(moved.metrics().deleted()).isOne();
    assertThat(moved.metrics().indexed()).isOne();
    assertThat(moved.metrics().keptReplaced()).isZero();
    assertThat(late.metrics().conflicts()).isOne();
    assertThat(late.metrics().keptReplaced()).as("orders holds a newer version than the write").isZero();
    assertThat(Documents.get(orders, "k1").version()).isEqualTo(9L);
    assertThat(Documents.source(orders, "k1").has("@deleted")).isFalse();
  }

  @Test
  void aFetchedItemNamingNoIndexGetsTheSameCheck() {
    String table = LocalServices.newTable("kept", "pk");
    harness().index(upsert("m1", items, 3, "Quote"));
    LocalServices.dynamoDb().putItem(p -> p.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS("k1"), "entityType", AttributeValue.fromS("Order"))));
    // An OLD_IMAGE INSERT: no image to route on, no index named.
    QueueMessage insert = queued("m2",
        new Fetch(1, "k1", "e2", "e2", Fetch.NO_INDEX, "k1", 9, keys("k1"), 1_700_000_009L, FetchReason.OLD_IMAGE));

    BatchReport.Result result = harness().table(table).index(insert);

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().keptReplaced()).isOne();
    assertThat(Documents.source(orders, "k1")).isEqualTo(json("{\"pk\":\"k1\",\"entityType\":\"Order\"}"));
    assertThat(Documents.source(items, "k1").get("@deleted").booleanValue()).isTrue();
  }
}
