package io.ddbsync.indexer.kept;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/** Reads which of some documents are live (not tombstones), and at which external version. */
public interface LiveVersions {

  /**
   * The version of each live document among {@code refs}; a ref without a document, with a tombstone,
   * or naming an index that does not exist is absent.
   *
   * @throws IOException when the answer is incomplete (the request, or one document's read, failed):
   *     nothing can be concluded, try again later
   */
  Map<DocumentRef, Long> versions(Collection<DocumentRef> refs) throws IOException;
}
