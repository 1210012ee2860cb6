package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.fetch;
import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.fetch.FetchResult;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.item.route.Router;
import io.ddbsync.message.Fetch;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FetchStageTest {

  private static final Router ROUTER =
      new Router(Router.parseRoutes("entityType=Order=>orders;entityType=Quote=>quotes"), Optional.empty());

  private final Map<String, FetchResult> items = new HashMap<>();
  private final List<String> read = new ArrayList<>();
  private final ItemReader reader =
      fetches -> {
        Map<String, FetchResult> results = new HashMap<>();
        fetches.forEach((messageId, fetch) -> {
          read.add(fetch.id());
          results.put(messageId, items.getOrDefault(fetch.id(), new FetchResult.Missing()));
        });
        return results;
      };

  private static FetchResult.Found found(String entityType) {
    return new FetchResult.Found(
        json("{\"pk\":\"o1\",\"entityType\":\"" + entityType + "\"}"),
        json("{\"pk\":{\"S\":\"o1\"},\"entityType\":{\"S\":\"" + entityType + "\"}}"));
  }

  private static Batch oneFetch(String index) {
    return Parse.batch(List.of(queued("m1", fetch(index, "o1", 7, "e1"))));
  }

  private static List<String> targets(Batch batch) {
    return ((Outcome.Ready) batch.outcome(0)).items().stream()
        .map(item -> item.index() + (item.tombstone() ? " tombstone" : " document") + " v" + item.version())
        .toList();
  }

  @Test
  void aFoundItemIsReadyToWriteToItsMessagesIndex() {
    items.put("o1", found("Order"));
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.of(reader), Optional.empty()).run(batch);

    assertThat(targets(batch)).containsExactly("orders document v7");
    assertThat(((Outcome.Ready) batch.outcome(0)).items()).extracting(BulkItem::document).containsExactly(found("Order").document());
  }

  @Test
  void aGoneItemIsAcknowledgedWithoutAWrite() {
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(batch.outcome(0)).isEqualTo(new Outcome.Gone());
    assertThat(batch.reportedFailed(0)).isFalse();
  }

  @Test
  void anUnavailableReadIsRetriedAndAnUnconvertibleItemIsPoison() {
    items.put("o1", new FetchResult.Unavailable("throttled"));
    items.put("o2", new FetchResult.Unconvertible("attribute 'x' is a binary set"));
    Batch batch = Parse.batch(List.of(queued("m1", fetch("orders", "o1", 7, "e1")), queued("m2", fetch("orders", "o2", 7, "e2"))));

    new FetchStage(Optional.of(reader), Optional.empty()).run(batch);

    assertThat(batch.outcome(0)).isEqualTo(new Outcome.Retry("throttled"));
    assertThat(batch.outcome(1)).isEqualTo(new Outcome.Poison(DeadLetterKind.INVALID_ITEM, "attribute 'x' is a binary set"));
  }

  @Test
  void withoutATableAFetchIsPoison() {
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.empty(), Optional.empty()).run(batch);

    assertThat(batch.outcome(0)).isInstanceOfSatisfying(Outcome.Poison.class, p -> assertThat(p.kind()).isEqualTo(DeadLetterKind.NO_TABLE));
  }

  @Test
  void aFetchBehindAFailureOfItsGroupIsNotRead() {
    Batch batch = Parse.batch(List.of(queued("m1", fetch("orders", "o1", 7, "e1")), queued("m2", fetch("orders", "o1", 8, "e2"))));
    batch.set(0, new Outcome.Retry("claim in progress"));

    new FetchStage(Optional.of(reader), Optional.empty()).run(batch);

    assertThat(read).isEmpty();
    assertThat(batch.outcome(1)).isInstanceOf(Outcome.HeldBack.class);
  }

  @Test
  void aFetchedItemStillInTheMessagesRouteIsWrittenThereAlone() {
    items.put("o1", found("Order"));
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(targets(batch)).containsExactly("orders document v7");
  }

  @Test
  void aFetchedItemThatMovedIsWrittenToItsNewIndexAndTombstonedInTheMessagesAtTheSameVersion() {
    // An OLD_IMAGE stream: the enrichment routed the MODIFY by the old image (an Order).
    items.put("o1", found("Quote"));
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(targets(batch)).containsExactly("quotes document v7", "orders tombstone v7");
  }

  @Test
  void aFetchedItemMatchingNoRouteIsOnlyTombstonedInTheMessagesIndex() {
    items.put("o1", found("Archived"));
    Batch batch = oneFetch("orders");

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(targets(batch)).containsExactly("orders tombstone v7");
  }

  @Test
  void aFetchedItemMatchingNoRouteGoesToTheDefaultIndex() {
    items.put("o1", found("Archived"));
    Batch batch = oneFetch("orders");
    Router withDefault = new Router(ROUTER.routes(), Optional.of("items"));

    new FetchStage(Optional.of(reader), Optional.of(withDefault)).run(batch);

    assertThat(targets(batch)).containsExactly("items document v7", "orders tombstone v7");
  }

  @Test
  void aFetchNamingNoIndexIsWrittenWhereTheItemRoutesWithoutATombstone() {
    // An OLD_IMAGE INSERT: no image to route on, and no document yet.
    items.put("o1", found("Quote"));
    Batch batch = oneFetch(Fetch.NO_INDEX);

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(targets(batch)).containsExactly("quotes document v7");
  }

  @Test
  void aFetchNamingNoIndexWhoseItemMatchesNoRouteGoesToTheDefaultIndex() {
    items.put("o1", found("Archived"));
    Batch batch = oneFetch(Fetch.NO_INDEX);

    new FetchStage(Optional.of(reader), Optional.of(new Router(ROUTER.routes(), Optional.of("items")))).run(batch);

    assertThat(targets(batch)).containsExactly("items document v7");
  }

  @Test
  void aFetchNamingNoIndexWhoseItemRoutesNowhereIsPoisonUnroutable() {
    items.put("o1", found("Archived"));
    Batch batch = oneFetch(Fetch.NO_INDEX);

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(batch.outcome(0)).isInstanceOfSatisfying(Outcome.Poison.class, p -> {
      assertThat(p.kind()).isEqualTo(DeadLetterKind.UNROUTABLE);
      assertThat(p.reason()).startsWith("unroutable:");
    });
  }

  @Test
  void aFetchNamingNoIndexWhoseItemIsGoneIsAcknowledgedWithoutAWrite() {
    Batch batch = oneFetch(Fetch.NO_INDEX);

    new FetchStage(Optional.of(reader), Optional.of(ROUTER)).run(batch);

    assertThat(batch.outcome(0)).isEqualTo(new Outcome.Gone());
    assertThat(batch.reportedFailed(0)).isFalse();
  }
}
