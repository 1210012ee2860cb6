package io.ddbsync.cli.shared.compare;

import io.ddbsync.cli.shared.scan.SyncedItem;
import java.util.Optional;

/**
 * One document that does not match the table.
 *
 * @param item the table's item, for MISSING and STALE (what a repair writes)
 */
public record Drift(Kind kind, DocumentKey document, Optional<SyncedItem> item) {

  public enum Kind {
    /** The item is in the table, but its document is absent or a tombstone. */
    MISSING,
    /** The document's content differs from the item's. */
    STALE,
    /** A live document whose item is not in the table. */
    EXTRA
  }
}
