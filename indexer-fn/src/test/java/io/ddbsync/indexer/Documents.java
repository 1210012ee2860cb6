package io.ddbsync.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/** Reads back what the indexer wrote. */
public final class Documents {

  private Documents() {}

  public static GetResponse<ObjectNode> get(String index, String id) {
    try {
      return LocalServices.openSearch().get(g -> g.index(index).id(id), ObjectNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode source(String index, String id) {
    GetResponse<ObjectNode> response = get(index, id);
    if (!response.found()) {
      throw new AssertionError(index + "/" + id + " not found");
    }
    return response.source();
  }

  /** Ids visible through {@code indexOrAlias}, after a refresh. */
  public static List<String> searchIds(String index, String indexOrAlias) {
    OpenSearchClient client = LocalServices.openSearch();
    try {
      client.indices().refresh(r -> r.index(index));
      return client.search(s -> s.index(indexOrAlias).size(100), ObjectNode.class).hits().hits().stream()
          .map(Hit::id)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
