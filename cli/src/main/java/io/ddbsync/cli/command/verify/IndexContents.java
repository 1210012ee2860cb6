package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.IndexScroll;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Reads every document (tombstones too) of the given indices with a scroll, keeping only its hash:
 * the hash of the item's document, values kept under {@code @unindexed} counted at their own path.
 */
final class IndexContents {

  private IndexContents() {}

  /** Returns the paths of the values kept under {@code @unindexed} in live documents, by index. */
  static Map<String, Set<String>> read(OpenSearchClient client, Set<String> indices, Map<DocumentKey, IndexedDocument> into)
      throws IOException {
    Map<String, Set<String>> unindexed = new TreeMap<>();
    for (String index : indices) {
      IndexScroll.forEach(client, index, search -> search.version(true).sort(s -> s.doc(d -> d)), hit -> {
        ObjectNode source = hit.source();
        boolean live = !source.has(Tombstone.DELETED);
        into.put(new DocumentKey(index, hit.id()),
            new IndexedDocument(CanonicalJson.sha256(UnindexedValues.restored(source)), live, hit.version()));
        List<String> paths = UnindexedValues.paths(source);
        if (live && !paths.isEmpty()) {
          unindexed.computeIfAbsent(index, name -> new TreeSet<>()).addAll(paths);
        }
      });
    }
    return unindexed;
  }
}
