package io.ddbsync.indexer.kept;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ddbsync.opensearch.bulk.BulkItem;
import java.util.List;
import java.util.Map;
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
    List<BulkItem> upsert = List.of(document("m1", "orders", "o1", 9));

    assertThat(rule.lookups(upsert, upsert))
        .containsExactly(new DocumentRef("customers", "o1"), new DocumentRef("items", "o1"));
  }

  @Test
  void aLiveDocumentAtALowerVersionInAnotherIndexGetsATombstoneAtTheWritesVersion() {
    List<BulkItem> upsert = List.of(document("m1", "orders", "o1", 9));

    List<BulkItem> tombstones = rule.tombstones(upsert, upsert, Map.of(new DocumentRef("items", "o1"), 4L), 1_700_000_500L);

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

    assertThat(rule.tombstones(redelivered, redelivered,
        Map.of(new DocumentRef("items", "o1"), 9L, new DocumentRef("customers", "o1"), 12L), 0)).isEmpty();
  }

  @Test
  void noLiveDocumentElsewhereMeansNoTombstone() {
    List<BulkItem> upsert = List.of(document("m1", "orders", "o1", 9));

    assertThat(rule.tombstones(upsert, upsert, Map.of(new DocumentRef("orders", "o2"), 1L), 0)).isEmpty();
  }

  @Test
  void tombstonesAreNotLookedUpOnlyTheDocumentsAMessageWrites() {
    // A fetched item that left "items" for "orders": its own tombstone in "items" at the same version.
    List<BulkItem> fetched = List.of(document("m1", "orders", "o1", 9), tombstone("m1", "items", "o1", 9));

    assertThat(rule.lookups(fetched, fetched)).containsExactly(new DocumentRef("customers", "o1"));
    assertThat(rule.lookups(List.of(tombstone("m2", "items", "o2", 3)), List.of(tombstone("m2", "items", "o2", 3)))).isEmpty();
  }

  @Test
  void anIndexTheBatchWritesTheIdToAtTheVersionOrLaterIsLeftToThatWrite() {
    // A move in one batch: the delete in the index the item leaves, then the upsert in the new one.
    BulkItem moveDelete = tombstone("m1", "items", "o1", 9);
    BulkItem moveUpsert = document("m2", "orders", "o1", 9);
    BulkItem laterWrite = document("m3", "customers", "o1", 11);
    BulkItem earlierWrite = document("m0", "customers", "o2", 2);
    List<BulkItem> batch = List.of(earlierWrite, moveDelete, moveUpsert, laterWrite);

    assertThat(rule.lookups(List.of(moveUpsert), batch)).isEmpty();
    assertThat(rule.tombstones(List.of(moveUpsert), batch,
        Map.of(new DocumentRef("items", "o1"), 4L, new DocumentRef("customers", "o1"), 4L), 0)).isEmpty();
    // Another id's write, or an older write of this id, decides nothing here.
    assertThat(rule.lookups(List.of(document("m4", "orders", "o2", 5)), batch))
        .containsExactly(new DocumentRef("customers", "o2"), new DocumentRef("items", "o2"));
  }
}
