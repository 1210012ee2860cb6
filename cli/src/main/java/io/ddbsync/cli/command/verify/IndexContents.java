package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.IndexScroll;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Reads every document (tombstones too) of the given indices with a scroll, keeping its hash and,
 * when {@code ttlAttribute} is given, that attribute's value.
 */
final class IndexContents {

  private IndexContents() {}

  static void read(OpenSearchClient client, Set<String> indices, Optional<String> ttlAttribute,
      Map<DocumentKey, IndexedDocument> into) throws IOException {
    for (String index : indices) {
      IndexScroll.forEach(client, index, search -> search.version(true).sort(s -> s.doc(d -> d)), hit -> {
        ObjectNode source = hit.source();
        into.put(new DocumentKey(index, hit.id()), new IndexedDocument(CanonicalJson.sha256(source),
            !source.has(Tombstone.DELETED), hit.version(), expiresAt(source, ttlAttribute)));
      });
    }
  }

  /** The TTL attribute as whole epoch seconds; DynamoDB ignores a TTL value that is not a number. */
  static OptionalLong expiresAt(JsonNode source, Optional<String> ttlAttribute) {
    JsonNode value = ttlAttribute.map(source::path).orElse(null);
    return value != null && value.isNumber() ? OptionalLong.of(value.decimalValue().longValue()) : OptionalLong.empty();
  }
}
