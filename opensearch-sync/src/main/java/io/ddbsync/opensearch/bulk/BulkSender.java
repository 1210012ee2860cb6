package io.ddbsync.opensearch.bulk;

import java.io.IOException;
import java.util.List;

/** Sends one {@code _bulk} request. */
public interface BulkSender {

  /**
   * Returns one result per item, in item order.
   *
   * @throws IOException when the request as a whole failed (connection, timeout, 429, 5xx…)
   */
  List<ItemResult> send(List<BulkItem> items) throws IOException;
}
