package io.ddbsync.opensearch.bulk;

import java.io.IOException;
import java.util.List;

/** Sends one {@code _bulk} request. */
public interface BulkSender {

  /**
   * Returns one result per item, in item order.
   *
   * @throws IOException when the request as a whole failed: a {@link BulkRequestFailure} says whether
   *     it is worth retrying, any other IOException is retried
   */
  List<ItemResult> send(List<BulkItem> items) throws IOException;
}
