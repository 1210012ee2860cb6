package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.IndexScroll;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Reads every document (tombstones too) of the given indices with a scroll, keeping only its hash. */
final class IndexContents {

  private IndexContents() {}

  static void read(OpenSearchClient client, Set<String> indices, Map<DocumentKey, IndexedDocument> into)
      throws IOException {
    for (String index : indices) {
      IndexScroll.forEach(client, index, search -> search.version(true).sort(s -> s.doc(d -> d)), hit -> {
        ObjectNode source = hit.source();
        into.put(new DocumentKey(index, hit.id()),
            new IndexedDocument(CanonicalJson.sha256(source), !source.has(Tombstone.DELETED), hit.version()));
      });
    }
  }
}
