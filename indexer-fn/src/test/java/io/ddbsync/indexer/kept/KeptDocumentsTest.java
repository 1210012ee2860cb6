package io.ddbsync.indexer.kept;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ddbsync.opensearch.bulk.BulkItem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeptDocumentsTest {

  private final KeptDocuments rule = new KeptDocuments(List.of("customers", "items", "orders"));

  private static BulkItem document(String messageId, String index, String id, long version) {
    return new BulkItem(messageId, index, id, version, JsonNodeFactory.instance.objectNode().put("a", 1), false);
  }

  private static BulkItem tombstone(String messageId, String index, String id, long version) {
    return new BulkItem(messageId, index, id, version, JsonNodeFactory.instance.objectNode(), true);
  }

  @Test
  void aDocumentIsLookedUpInEveryOtherRoutedIndex() {
    assertThat(rule.lookups(List.of(List.of(document("m1", "orders", "o1", 9)))))
        .containsExactly(Set.of(new DocumentRef("customers", "o1"), new DocumentRef("items", "o1")));
  }

  @Test
  void aLiveDocumentAtALowerVersionInAnotherIndexGetsATombstoneAtTheWritesVersion() {
    List<BulkItem> upsert = List.of(document("m1", "orders", "o1", 9));
    Set<DocumentRef> lookups = rule.lookups(List.of(upsert)).get(0);

    List<BulkItem> tombstones =
        KeptDocuments.tombstones(upsert, lookups, Map.of(new DocumentRef("items", "o1"), 4L), 1_700_000_500L);

    assertThat(tombstones).singleElement().satisfies(t -> {
      assertThat(t.messageId()).isEqualTo("m1");
      assertThat(t.index()).isEqualTo("items");
      assertThat(t.id()).isEqualTo("o1");
      assertThat(t.version()).isEqualTo(9L);
      assertThat(t.tombstone()).isTrue();
      assertThat(t.document()).hasToString("{\"@deleted\":true,\"@deletedAt\":1700000500,\"@ttl\":false}");
    });
  }

  @Test
  void aLiveDocumentAtTheSameOrAHigherVersionIsNewerThanTheWriteAndStays() {
    List<BulkItem> redelivered = List.of(document("m1", "orders", "o1", 9));
    Set<DocumentRef> lookups = rule.lookups(List.of(redelivered)).get(0);

    assertThat(KeptDocuments.tombstones(redelivered, lookups,
        Map.of(new DocumentRef("items", "o1"), 9L, new DocumentRef("customers", "o1"), 12L), 0)).isEmpty();
  }

  @Test
  void noLiveDocumentElsewhereMeansNoTombstone() {
    List<BulkItem> upsert = List.of(document("m1", "orders", "o1", 9));

    assertThat(KeptDocuments.tombstones(upsert, rule.lookups(List.of(upsert)).get(0), Map.of(), 0)).isEmpty();
  }

  @Test
  void tombstonesAreNotLookedUpOnlyTheDocumentsAMessageWrites() {
    // A fetched item that left "items" for "orders": its own tombstone in "items" at the same version.
    List<BulkItem> fetched = List.of(document("m1", "orders", "o1", 9), tombstone("m1", "items", "o1", 9));
    List<BulkItem> delete = List.of(tombstone("m2", "items", "o2", 3));

    assertThat(rule.lookups(List.of(fetched, delete)))
        .containsExactly(Set.of(new DocumentRef("customers", "o1")), Set.of());
  }

  @Test
  void anIndexTheBatchWritesTheIdToAtTheVersionOrLaterIsLeftToThatWrite() {
    // A move in one batch: the delete in the index the item leaves, then the upsert in the new one;
    // and a later write of the id to the third index.
    List<List<BulkItem>> batch = List.of(
        List.of(tombstone("m1", "items", "o1", 9)),
        List.of(document("m2", "orders", "o1", 9)),
        List.of(document("m3", "customers", "o1", 11)));

    List<Set<DocumentRef>> lookups = rule.lookups(batch);

    assertThat(lookups.get(1)).isEmpty();
    assertThat(lookups.get(2)).as("the batch's writes at v9 are older than v11")
        .containsExactlyInAnyOrder(new DocumentRef("items", "o1"), new DocumentRef("orders", "o1"));
  }

  @Test
  void onlyTheFirstMessageOfTheBatchThatWritesAnIdLooksForItsKeptDocuments() {
    // Updates of one item: one group, so a later one is held back when the first fails.
    List<List<BulkItem>> batch = List.of(
        List.of(document("m1", "orders", "o1", 9)),
        List.of(document("m2", "orders", "o1", 10)),
        List.of(document("m3", "orders", "o2", 10)));

    List<Set<DocumentRef>> lookups = rule.lookups(batch);

    assertThat(lookups.get(0)).containsExactlyInAnyOrder(new DocumentRef("customers", "o1"), new DocumentRef("items", "o1"));
    assertThat(lookups.get(1)).isEmpty();
    assertThat(lookups.get(2)).containsExactlyInAnyOrder(new DocumentRef("customers", "o2"), new DocumentRef("items", "o2"));
  }
}
