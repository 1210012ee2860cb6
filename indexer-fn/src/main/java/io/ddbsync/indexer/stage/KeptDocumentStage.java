package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.kept.DocumentRef;
import io.ddbsync.indexer.kept.KeptDocuments;
import io.ddbsync.indexer.kept.LiveVersions;
import io.ddbsync.message.Fetch;
import io.ddbsync.opensearch.bulk.BulkItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before the write, one read ({@link LiveVersions}) of the other routed indices for the ids the batch
 * writes documents to, upserts and fetched items alike; each message whose id has a kept document
 * there ({@link KeptDocuments}) also writes a tombstone over it, in the same {@code _bulk}. Runs only
 * with {@code TTL_EXPIRY=keep} and more than one routed index: elsewhere no document is left live in
 * an index its item has left.
 *
 * <p>When the read fails, the messages that needed it are retried: written without the check, a kept
 * document could stay live next to the new one for ever.
 */
public final class KeptDocumentStage {

  private final KeptDocuments rule;
  private final LiveVersions live;
  private final MessageLog log;

  public KeptDocumentStage(KeptDocuments rule, LiveVersions live, MessageLog log) {
    this.rule = rule;
    this.live = live;
    this.log = log;
  }

  public void run(Batch batch) {
    List<List<BulkItem>> items = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      items.add(toWrite(batch, i));
    }
    List<Set<DocumentRef>> lookups = rule.lookups(items);
    Set<DocumentRef> all = new LinkedHashSet<>();
    lookups.forEach(all::addAll);
    if (all.isEmpty()) {
      return;
    }
    Map<DocumentRef, Long> versions;
    try {
      versions = live.versions(all);
    } catch (IOException | RuntimeException e) {
      for (int i = 0; i < batch.size(); i++) {
        if (!lookups.get(i).isEmpty()) {
          batch.set(i, new Outcome.Retry("could not look for kept documents in the other routed indices: " + e.getMessage()));
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (lookups.get(i).isEmpty()) {
        continue;
      }
      List<BulkItem> tombstones =
          KeptDocuments.tombstones(items.get(i), lookups.get(i), versions, batch.change(i).orElseThrow().streamTime());
      if (!tombstones.isEmpty()) {
        List<BulkItem> withTombstones = new ArrayList<>(items.get(i));
        withTombstones.addAll(tombstones);
        batch.set(i, new Outcome.Ready(List.copyOf(withTombstones)));
        batch.keptReplaced(i, tombstones.size());
        for (BulkItem tombstone : tombstones) {
          Map<String, Object> fields = log.fields(batch, i);
          fields.put("keptIndex", tombstone.index());
          log.log().info("tombstoning a kept document in another index", fields);
        }
      }
    }
  }

  /** What message {@code position} is about to write: an upsert's document, a delete's tombstone, or a fetch's items. */
  private static List<BulkItem> toWrite(Batch batch, int position) {
    if (batch.proceeds(position, Outcome.Type.PENDING) && !(batch.change(position).orElseThrow() instanceof Fetch)) {
      return List.of(WriteStage.item(batch.message(position).messageId(), batch.change(position).orElseThrow()));
    }
    if (batch.proceeds(position, Outcome.Type.READY)) {
      return ((Outcome.Ready) batch.outcome(position)).items();
    }
    return List.of();
  }
}
