package io.ddbsync.cli.shared.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.IndexScroll;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Reads every document (tombstones too) of the given indices with a scroll, keeping its hash (the
 * hash of the item's document, values kept under {@code @unindexed} counted at their own path) and,
 * when {@code ttlAttribute} is given, that attribute's value.
 */
public final class IndexContents {

  private IndexContents() {}

  /** Returns the paths of the values kept under {@code @unindexed} in live documents, by index. */
  public static Map<String, Set<String>> read(OpenSearchClient client, Set<String> indices, Optional<String> ttlAttribute,
      Map<DocumentKey, IndexedDocument> into) throws IOException {
    Map<String, Set<String>> unindexed = new TreeMap<>();
    for (String index : indices) {
      IndexScroll.forEach(client, index, search -> search.version(true).sort(s -> s.doc(d -> d)), hit -> {
        ObjectNode source = UnindexedValues.restored(hit.source());
        boolean live = !source.has(Tombstone.DELETED);
        into.put(new DocumentKey(index, hit.id()), new IndexedDocument(CanonicalJson.sha256(source), live,
            hit.version(), expiresAt(source, ttlAttribute)));
        List<String> paths = UnindexedValues.paths(hit.source());
        if (live && !paths.isEmpty()) {
          unindexed.computeIfAbsent(index, name -> new TreeSet<>()).addAll(paths);
        }
      });
    }
    return unindexed;
  }

  /** The TTL attribute as whole epoch seconds; DynamoDB ignores a TTL value that is not a number. */
  static OptionalLong expiresAt(JsonNode source, Optional<String> ttlAttribute) {
    JsonNode value = ttlAttribute.map(source::path).orElse(null);
    return value != null && value.isNumber() ? OptionalLong.of(value.decimalValue().longValue()) : OptionalLong.empty();
  }
}
