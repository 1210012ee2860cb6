package io.ddbsync.opensearch.bulk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * Every item is an index operation with {@code version_type=external}: upserts carry the whole new
 * document, deletes a {@link Tombstone}. {@code _update} cannot carry external versions, and a real
 * delete would forget its version after {@code index.gc_deletes}.
 */
public final class OpenSearchBulkSender implements BulkSender {

  private final OpenSearchClient client;

  public OpenSearchBulkSender(OpenSearchClient client) {
    this.client = client;
  }

  @Override
  public List<ItemResult> send(List<BulkItem> items) throws IOException {
    BulkResponse response;
    try {
      response = client.bulk(request(items));
    } catch (OpenSearchException e) {
      // The request as a whole was refused (a 429 from a busy cluster, a 5xx, a 403): nothing is said
      // about the items. The SigV4 transport raises this; the HttpClient 5 transport raises a
      // ResponseException, alone or (401, 403) wrapped in a TransportException.
      throw BulkRequestFailure.status(e.status(), e.getMessage(), e);
    } catch (IOException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof ResponseException refused) {
          throw BulkRequestFailure.status(refused.status(), e.getMessage(), e);
        }
      }
      throw BulkRequestFailure.noAnswer(e);
    }
    return results(items, response);
  }

  public static BulkRequest request(List<BulkItem> items) {
    List<BulkOperation> operations = new ArrayList<>(items.size());
    for (BulkItem item : items) {
      operations.add(
          BulkOperation.of(
              op ->
                  op.index(
                      index ->
                          index
                              .index(item.index())
                              .id(item.id())
                              .version(item.version())
                              .versionType(VersionType.External)
                              .document(item.document()))));
    }
    return BulkRequest.of(bulk -> bulk.operations(operations));
  }

  /** One result per item, in item order. */
  public static List<ItemResult> results(List<BulkItem> items, BulkResponse response) throws IOException {
    List<BulkResponseItem> responseItems = response.items();
    if (responseItems.size() != items.size()) {
      throw new IOException(
          "_bulk answered " + responseItems.size() + " items for " + items.size() + " operations");
    }
    List<ItemResult> results = new ArrayList<>(items.size());
    for (BulkResponseItem item : responseItems) {
      ErrorCause error = item.error();
      results.add(
          ItemErrors.classify(
              item.status(),
              error == null || error.type() == null ? "" : error.type(),
              reason(error)));
    }
    return results;
  }

  /**
   * The error's reason; a bare {@code failed to parse} gets its cause's, which says what failed (the
   * depth limit: {@code The depth of the field has exceeded the allowed limit of [20]}). Other causes
   * are left out: they can quote the value (a number's parse error does), and reasons are logged.
   */
  private static String reason(ErrorCause error) {
    if (error == null || error.reason() == null) {
      return "";
    }
    ErrorCause cause = error.causedBy();
    boolean bare = error.reason().equals("failed to parse") && cause != null && cause.reason() != null;
    return bare ? error.reason() + ": " + cause.reason() : error.reason();
  }
}
