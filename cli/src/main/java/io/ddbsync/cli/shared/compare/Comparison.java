package io.ddbsync.cli.shared.compare;

import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.SyncedItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Table against index: built from what the index holds, then each table item is checked off against
 * its document as the scan delivers it (from all segments at once); live documents left at the end
 * have no item: extra, unless {@code TTL_EXPIRY=keep} kept them on purpose ({@link KeptExpiries}).
 * A former index (dropped from {@code ROUTES}) is read like a routed one: no item is routed there, so
 * every live document in it is extra.
 */
public final class Comparison {

  /** Items routed to one index, and its live documents. */
  public record Counts(long items, long liveDocuments) {}

  /** @param ttlKept documents without an item that {@code TTL_EXPIRY=keep} keeps: not drift */
  public record Result(Map<String, Counts> counts, List<Drift> drifts, long invalidItems, long ttlKept) {}

  private final Set<String> indices;
  private final Map<DocumentKey, IndexedDocument> remaining;
  private final Map<String, Long> live = new TreeMap<>();
  private final Map<String, AtomicLong> items = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Drift> drifts = new ConcurrentLinkedQueue<>();
  private final AtomicLong invalid = new AtomicLong();
  private final Set<String> itemIds = ConcurrentHashMap.newKeySet();
  private final KeptExpiries keptExpiries;

  public Comparison(Set<String> indices, Map<DocumentKey, IndexedDocument> indexed, KeptExpiries keptExpiries) {
    this.indices = Set.copyOf(indices);
    this.keptExpiries = keptExpiries;
    this.remaining = new ConcurrentHashMap<>(indexed);
    for (String index : indices) {
      items.put(index, new AtomicLong());
      live.put(index, 0L);
    }
    indexed.forEach((key, document) -> {
      if (document.live()) {
        live.merge(key.index(), 1L, Long::sum);
      }
    });
  }

  public void item(ItemDocuments.Converted converted) {
    if (converted instanceof ItemDocuments.Converted.Routed routed) {
      SyncedItem item = routed.item();
      items.computeIfAbsent(item.index(), name -> new AtomicLong()).incrementAndGet();
      itemIds.add(item.id());
      DocumentKey key = new DocumentKey(item.index(), item.id());
      IndexedDocument document = remaining.remove(key);
      if (document == null || !document.live()) {
        drifts.add(new Drift(Drift.Kind.MISSING, key, Optional.of(item)));
      } else if (!document.hash().equals(CanonicalJson.sha256(item.document()))) {
        drifts.add(new Drift(Drift.Kind.STALE, key, Optional.of(item)));
      }
    } else if (converted instanceof ItemDocuments.Converted.Invalid bad) {
      // The pipeline cannot index it either: its document, if any, is left alone rather than called extra.
      invalid.incrementAndGet();
      indices.forEach(index -> remaining.remove(new DocumentKey(index, bad.id())));
    }
  }

  /** The ids of the routed items checked off so far. */
  public Set<String> itemIds() {
    return itemIds;
  }

  /** Call once every item was checked off. */
  public Result finish() {
    List<Drift> all = new ArrayList<>(drifts);
    long kept = 0;
    for (Map.Entry<DocumentKey, IndexedDocument> left : remaining.entrySet()) {
      if (!left.getValue().live()) {
        continue;
      }
      if (keptExpiries.kept(left.getValue())) {
        kept++;
      } else {
        all.add(new Drift(Drift.Kind.EXTRA, left.getKey(), Optional.empty()));
      }
    }
    all.sort(Comparator.comparing(Drift::kind).thenComparing(Drift::document));
    Map<String, Counts> counts = new TreeMap<>();
    Set<String> names = new TreeSet<>(live.keySet());
    names.addAll(items.keySet());
    for (String name : names) {
      counts.put(name, new Counts(items.getOrDefault(name, new AtomicLong()).get(), live.getOrDefault(name, 0L)));
    }
    return new Result(counts, all, invalid.get(), kept);
  }
}
