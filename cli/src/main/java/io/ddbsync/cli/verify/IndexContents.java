package io.ddbsync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.index.OpenSearchHttp;
import io.ddbsync.indexer.bulk.Tombstone;
import io.ddbsync.message.ChangeMessages;
import java.util.Map;
import java.util.Set;

/** Reads every document (tombstones too) of the given indices with a scroll, keeping only its hash. */
final class IndexContents {

  private static final String ALL_WITH_VERSIONS = "{\"size\":1000,\"version\":true,\"sort\":[\"_doc\"]}";

  private IndexContents() {}

  static void read(OpenSearchHttp openSearch, Set<String> indices, Map<DocumentKey, IndexedDocument> into) {
    for (String index : indices) {
      if (openSearch.send("HEAD", "/" + index, null).status() != 200) {
        continue; // nothing was ever written there
      }
      openSearch.json("POST", "/" + index + "/_refresh", null);
      JsonNode page = openSearch.json("POST", "/" + index + "/_search?scroll=2m", ALL_WITH_VERSIONS);
      String scrollId = page.path("_scroll_id").asText();
      try {
        while (page.path("hits").path("hits").size() > 0) {
          for (JsonNode hit : page.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            into.put(new DocumentKey(index, hit.path("_id").asText()),
                new IndexedDocument(CanonicalJson.sha256(source), !source.has(Tombstone.DELETED),
                    hit.path("_version").asLong()));
          }
          page = openSearch.json("POST", "/_search/scroll",
              ChangeMessages.MAPPER.createObjectNode().put("scroll", "2m").put("scroll_id", scrollId).toString());
          scrollId = page.path("_scroll_id").asText(scrollId);
        }
      } finally {
        openSearch.send("DELETE", "/_search/scroll/" + scrollId, null);
      }
    }
  }
}
