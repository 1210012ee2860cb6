package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.fetch.FetchResult;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.item.route.Router;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.ItemChange;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetch messages read the current item (one consistent read for the batch) and become the items to
 * write. A fetch that finds no item is acknowledged without a write.
 *
 * <p>With a router, the fetched item is routed as the enrichment routes a new image: the fetch's index
 * was chosen from what the stream record carried (an old image, or only the keys), which is not the
 * state being written. When the fetched item belongs elsewhere, the message's index gets a tombstone
 * at the same version, so that no copy stays live where the item no longer belongs; when it matches
 * no route and there is no default index, only that tombstone is written.
 *
 * <p>A fetch naming no index ({@link Fetch#NO_INDEX}: an OLD_IMAGE INSERT, whose item has no document
 * yet) has nothing to tombstone: its item is written where it routes, and one that routes nowhere is
 * dead-lettered as {@link DeadLetterKind#UNROUTABLE}, as the enrichment dead-letters a record no
 * route takes.
 */
public final class FetchStage {

  private static final String UNROUTABLE =
      "unroutable: the fetched item matches no route, DEFAULT_INDEX is empty, and the fetch names no index";

  private final Optional<ItemReader> itemReader;
  private final Optional<Router> router;

  /**
   * @param itemReader empty when TABLE_NAME is not set: fetch messages are then poison
   * @param router empty to write a fetched item to its message's index (one naming no index then
   *     routes nowhere)
   */
  public FetchStage(Optional<ItemReader> itemReader, Optional<Router> router) {
    this.itemReader = itemReader;
    this.router = router;
  }

  public void run(Batch batch) {
    Map<String, Fetch> fetches = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.proceeds(i, Outcome.Type.PENDING) && batch.change(i).orElseThrow() instanceof Fetch fetch) {
        if (itemReader.isEmpty()) {
          batch.set(i, new Outcome.Poison(DeadLetterKind.NO_TABLE, "a fetch message, but TABLE_NAME is not set"));
        } else {
          fetches.put(batch.message(i).messageId(), fetch);
        }
      }
    }
    if (fetches.isEmpty()) {
      return;
    }
    Map<String, FetchResult> results = itemReader.orElseThrow().read(fetches);
    for (int i = 0; i < batch.size(); i++) {
      String messageId = batch.message(i).messageId();
      Fetch fetch = fetches.get(messageId);
      if (fetch != null) {
        batch.set(i, outcome(messageId, fetch, results.get(messageId)));
      }
    }
  }

  private Outcome outcome(String messageId, Fetch fetch, FetchResult result) {
    if (result == null) {
      return new Outcome.Retry("no fetch result");
    }
    return switch (result.kind()) {
      case FOUND -> found(messageId, fetch, (FetchResult.Found) result);
      case MISSING -> new Outcome.Gone();
      case UNAVAILABLE -> new Outcome.Retry(((FetchResult.Unavailable) result).reason());
      case UNCONVERTIBLE ->
          new Outcome.Poison(DeadLetterKind.INVALID_ITEM, ((FetchResult.Unconvertible) result).reason());
    };
  }

  private Outcome found(String messageId, Fetch fetch, FetchResult.Found found) {
    Optional<String> documentIndex = fetch.documentIndex();
    Optional<String> index = router.isPresent() ? router.get().route(found.image()) : documentIndex;
    if (documentIndex.isEmpty()) {
      return index.isEmpty()
          ? new Outcome.Poison(DeadLetterKind.UNROUTABLE, UNROUTABLE)
          : new Outcome.Ready(List.of(document(messageId, fetch, index.get(), found)));
    }
    if (index.equals(documentIndex)) {
      return new Outcome.Ready(List.of(document(messageId, fetch, fetch.index(), found)));
    }
    BulkItem left = tombstone(messageId, fetch);
    return new Outcome.Ready(
        index.isEmpty() ? List.of(left) : List.of(document(messageId, fetch, index.get(), found), left));
  }

  private static BulkItem document(String messageId, ItemChange change, String index, FetchResult.Found found) {
    return new BulkItem(messageId, index, change.id(), change.version(), found.document(), false);
  }

  private static BulkItem tombstone(String messageId, Fetch fetch) {
    return new BulkItem(
        messageId, fetch.index(), fetch.id(), fetch.version(), Tombstone.document(fetch.streamTime(), false), true);
  }
}
