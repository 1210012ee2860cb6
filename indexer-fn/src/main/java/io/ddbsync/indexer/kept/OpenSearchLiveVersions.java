package io.ddbsync.indexer.kept;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.opensearch.bulk.Tombstone;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.get.GetResult;
import org.opensearch.client.opensearch.core.mget.MultiGetOperation;
import org.opensearch.client.opensearch.core.mget.MultiGetResponseItem;

/**
 * One {@code _mget} for all the refs, returning only {@code @deleted} of each {@code _source} (the
 * tombstone mark) and the version. {@code _mget} is real-time by default: it sees a document written
 * a moment ago, before any refresh (OpenSearch documentation, "Multi-get documents").
 */
public final class OpenSearchLiveVersions implements LiveVersions {

  private static final String INDEX_NOT_FOUND = "index_not_found_exception";

  private final OpenSearchClient client;

  public OpenSearchLiveVersions(OpenSearchClient client) {
    this.client = client;
  }

  @Override
  public Map<DocumentRef, Long> versions(Collection<DocumentRef> refs) throws IOException {
    List<DocumentRef> asked = List.copyOf(refs);
    MgetResponse<ObjectNode> response;
    try {
      response =
          client.mget(
              mget -> mget
                  .docs(asked.stream().map(ref -> MultiGetOperation.of(op -> op.index(ref.index()).id(ref.id()))).toList())
                  .sourceIncludes(Tombstone.DELETED),
              ObjectNode.class);
    } catch (OpenSearchException e) {
      throw new IOException("_mget refused: " + e.getMessage(), e);
    }
    List<MultiGetResponseItem<ObjectNode>> docs = response.docs();
    if (docs.size() != asked.size()) {
      throw new IOException("_mget answered " + docs.size() + " documents for " + asked.size());
    }
    Map<DocumentRef, Long> live = new HashMap<>();
    // By position: through a write alias, each answer names the concrete index, not the one asked.
    for (int k = 0; k < asked.size(); k++) {
      DocumentRef ref = asked.get(k);
      MultiGetResponseItem<ObjectNode> doc = docs.get(k);
      if (doc.isFailure()) {
        ErrorCause error = doc.failure().error();
        if (!INDEX_NOT_FOUND.equals(error.type())) {
          // The type and the index only: a reason can quote the document id, which is the item's key.
          throw new IOException("_mget could not read a document of index " + ref.index() + ": " + error.type());
        }
        continue;
      }
      GetResult<ObjectNode> result = doc.result();
      ObjectNode source = result.source();
      if (result.found() && result.version() != null && (source == null || !source.has(Tombstone.DELETED))) {
        live.put(ref, result.version());
      }
    }
    return live;
  }
}
