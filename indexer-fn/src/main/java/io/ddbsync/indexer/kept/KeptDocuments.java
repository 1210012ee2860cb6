package io.ddbsync.indexer.kept;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which kept documents a batch's writes replace. With {@code TTL_EXPIRY=keep} a TTL expiry leaves the
 * item's document live on purpose; when its key is written again and the new item routes to another
 * index, nothing else would ever tombstone the kept one. Only one index can hold an item at a time
 * (the first matching route wins), so a document written at version v to one routed index supersedes
 * a live document of the same id at a lower version in any other: that one gets a tombstone at v. A
 * live document at v or higher is newer than the write (the write is a redelivery) and is left alone.
 *
 * <p>An index to which the batch itself writes the id at v or higher is not looked up: that write
 * decides it (the usual case is a move, whose own {@code delete} tombstones the index it leaves).
 */
public final class KeptDocuments {

  private final List<String> indices;

  /** @param indices every index the routes and the default index name */
  public KeptDocuments(List<String> indices) {
    this.indices = List.copyOf(indices);
  }

  /**
   * The documents to look up for one message: for each document it writes (not its tombstones), the
   * same id in every other routed index that {@code batchItems} does not already write at that
   * version or higher.
   *
   * @param messageItems what the message writes
   * @param batchItems what the whole batch writes, {@code messageItems} included
   */
  public Set<DocumentRef> lookups(List<BulkItem> messageItems, List<BulkItem> batchItems) {
    Set<DocumentRef> refs = new LinkedHashSet<>();
    for (BulkItem item : messageItems) {
      if (!item.tombstone()) {
        refs.addAll(others(item, batchItems));
      }
    }
    return refs;
  }

  /**
   * The tombstones to add to one message's items: one, at the written document's version, per
   * looked-up document that {@code live} shows at a lower version.
   *
   * @param live the live versions of (at least) {@link #lookups}
   * @param deletedAt the message's stream time, for the tombstones' {@code @deletedAt}
   */
  public List<BulkItem> tombstones(
      List<BulkItem> messageItems, List<BulkItem> batchItems, Map<DocumentRef, Long> live, long deletedAt) {
    List<BulkItem> tombstones = new ArrayList<>();
    for (BulkItem item : messageItems) {
      if (item.tombstone()) {
        continue;
      }
      for (DocumentRef ref : others(item, batchItems)) {
        Long version = live.get(ref);
        if (version != null && version < item.version()) {
          tombstones.add(new BulkItem(
              item.messageId(), ref.index(), ref.id(), item.version(), Tombstone.document(deletedAt, false), true));
        }
      }
    }
    return tombstones;
  }

  private List<DocumentRef> others(BulkItem written, List<BulkItem> batchItems) {
    List<DocumentRef> refs = new ArrayList<>();
    for (String index : indices) {
      if (!index.equals(written.index()) && !writtenAtOrAfter(index, written, batchItems)) {
        refs.add(new DocumentRef(index, written.id()));
      }
    }
    return refs;
  }

  private static boolean writtenAtOrAfter(String index, BulkItem written, List<BulkItem> batchItems) {
    return batchItems.stream().anyMatch(
        item -> item.index().equals(index) && item.id().equals(written.id()) && item.version() >= written.version());
  }
}
