package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.opensearch.OpenSearchHttp;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.util.Map;
import java.util.Set;

/** Reads every document (tombstones too) of the given indices with a scroll, keeping only its hash. */
final class IndexContents {

  private static final String ALL_WITH_VERSIONS = "{\"size\":1000,\"version\":true,\"sort\":[\"_doc\"]}";

  private IndexContents() {}

  static void read(OpenSearchHttp openSearch, Set<String> indices, Map<DocumentKey, IndexedDocument> into) {
    for (String index : indices) {
      openSearch.scroll(index, ALL_WITH_VERSIONS, hit -> {
        JsonNode source = hit.path("_source");
        into.put(new DocumentKey(index, hit.path("_id").asText()),
            new IndexedDocument(CanonicalJson.sha256(source), !source.has(Tombstone.DELETED), hit.path("_version").asLong()));
      });
    }
  }
}
