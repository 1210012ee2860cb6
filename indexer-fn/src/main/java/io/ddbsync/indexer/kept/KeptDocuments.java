package io.ddbsync.indexer.kept;

import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.util.ArrayList;
import java.util.HashSet;
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
   * The documents to look up for each message, in batch order: for each document a message writes (not
   * its tombstones), the same id in every other routed index that the batch does not already write at
   * that version or higher, and that no earlier message of the batch looks up. One id is one item,
   * hence one message group: the earlier message's tombstone serves the later ones, which SQS FIFO
   * holds back if it fails.
   *
   * @param messages what each message writes
   */
  public List<Set<DocumentRef>> lookups(List<List<BulkItem>> messages) {
    List<BulkItem> batchItems = messages.stream().flatMap(List::stream).toList();
    Set<DocumentRef> earlier = new HashSet<>();
    List<Set<DocumentRef>> lookups = new ArrayList<>(messages.size());
    for (List<BulkItem> messageItems : messages) {
      Set<DocumentRef> refs = new LinkedHashSet<>();
      for (BulkItem item : messageItems) {
        if (!item.tombstone()) {
          others(item, batchItems).stream().filter(ref -> !earlier.contains(ref)).forEach(refs::add);
        }
      }
      earlier.addAll(refs);
      lookups.add(refs);
    }
    return lookups;
  }

  /**
   * The tombstones to add to one message's items: one, at the written document's version, per
   * document it looked up that {@code live} shows at a lower version.
   *
   * @param lookups the message's {@link #lookups}
   * @param live the live versions of (at least) {@code lookups}
   * @param deletedAt the message's stream time, for the tombstones' {@code @deletedAt}
   */
  public static List<BulkItem> tombstones(
      List<BulkItem> messageItems, Set<DocumentRef> lookups, Map<DocumentRef, Long> live, long deletedAt) {
    List<BulkItem> tombstones = new ArrayList<>();
    for (BulkItem item : messageItems) {
      for (DocumentRef ref : lookups) {
        Long version = live.get(ref);
        if (!item.tombstone() && ref.id().equals(item.id()) && version != null && version < item.version()) {
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
