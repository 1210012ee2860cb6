package io.ddbsync.indexer.fetch;

import io.ddbsync.message.Fetch;
import java.util.Map;

/** Reads the current state of the items that fetch messages name. */
public interface ItemReader {

  /** One result per entry of {@code fetchesByMessageId}, keyed by the same message id. */
  Map<String, FetchResult> read(Map<String, Fetch> fetchesByMessageId);
}
