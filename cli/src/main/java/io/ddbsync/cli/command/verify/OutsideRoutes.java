package io.ddbsync.cli.command.verify;

import io.ddbsync.cli.shared.opensearch.IndexScroll;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Where else the table's items have live documents: a search of every open index for their ids. Such
 * a document sits in an index the routes no longer name (dropped from {@code ROUTES}); nothing
 * writes there any more, so it stays stale for ever unless verify points at it. The ids alone cannot
 * tell that index from another table's with the same key shape, so it is only counted; verify
 * compares and repairs an index only when {@code --former-index} names it.
 */
final class OutsideRoutes {

  static final int IDS_PER_SEARCH = 1000;

  private OutsideRoutes() {}

  /** Live documents with one of {@code ids}, counted per concrete index outside {@code read}. */
  static Map<String, Long> count(OpenSearchClient client, Collection<String> ids, Set<String> read) throws IOException {
    Set<String> concreteRead = concrete(client, read);
    Map<String, Long> found = new TreeMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += IDS_PER_SEARCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + IDS_PER_SEARCH));
      // "*" expands to open, non-hidden indices: the system indices stay out. Tombstones are told by
      // their _source: an index made without the template may not map @deleted.
      IndexScroll.forEach(client, "*", search -> search
          .source(s -> s.filter(f -> f.includes(Tombstone.DELETED)))
          .query(q -> q.ids(i -> i.values(batch)))
          .sort(s -> s.doc(d -> d)), hit -> {
            if (!concreteRead.contains(hit.index()) && (hit.source() == null || !hit.source().has(Tombstone.DELETED))) {
              found.merge(hit.index(), 1L, Long::sum);
            }
          });
    }
    return found;
  }

  /**
   * The concrete indices behind {@code names} (a name can be an alias), with every generation of each:
   * an older generation kept after a reindex is the routed index's, not an index the routes dropped.
   */
  private static Set<String> concrete(OpenSearchClient client, Set<String> names) throws IOException {
    Set<String> concrete = new HashSet<>(names);
    if (!names.isEmpty()) {
      List<String> patterns = new ArrayList<>(names);
      names.forEach(name -> patterns.add(IndexLayout.generationPattern(name)));
      concrete.addAll(client.indices().getSettings(g -> g.index(patterns).ignoreUnavailable(true)
          .allowNoIndices(true)).result().keySet());
    }
    return concrete;
  }
}
