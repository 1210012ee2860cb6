package io.ddbsync.cli.shared.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Time;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.ScrollResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/** Reads every hit of a search on one index, refreshed first, with a scroll. */
public final class IndexScroll {

  private static final Time KEEP_ALIVE = Time.of(t -> t.time("2m"));
  private static final int PAGE = 1000;

  private IndexScroll() {}

  /**
   * Hands {@code hit} every hit of the search {@code query} describes on {@code index}; nothing if the
   * index does not exist.
   */
  public static void forEach(OpenSearchClient client, String index, UnaryOperator<SearchRequest.Builder> query,
      Consumer<Hit<ObjectNode>> hit) throws IOException {
    if (!client.indices().exists(e -> e.index(index)).value()) {
      return;
    }
    client.indices().refresh(r -> r.index(index));
    SearchResponse<ObjectNode> page = client.search(
        s -> query.apply(s.index(index).size(PAGE).scroll(KEEP_ALIVE)), ObjectNode.class);
    String scrollId = page.scrollId();
    try {
      List<Hit<ObjectNode>> hits = page.hits().hits();
      while (!hits.isEmpty()) {
        hits.forEach(hit);
        String current = scrollId;
        ScrollResponse<ObjectNode> next = client.scroll(s -> s.scrollId(current).scroll(KEEP_ALIVE), ObjectNode.class);
        scrollId = next.scrollId() == null ? scrollId : next.scrollId();
        hits = next.hits().hits();
      }
    } finally {
      String last = scrollId;
      client.clearScroll(c -> c.scrollId(last));
    }
  }
}
