package io.ddbsync.cli.shared.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.scan.SyncedItem;

/** One versioned write to the index: an item's document, or a tombstone for an item that is gone. */
public sealed interface Write {

  String index();

  String id();

  long version();

  /** Index {@code item.document()} with {@code version}. */
  record Document(SyncedItem item, long version) implements Write {
    @Override
    public String index() {
      return item.index();
    }

    @Override
    public String id() {
      return item.id();
    }
  }

  /**
   * Tombstone the document: the pipeline never deletes for real (see the indexer's {@code Tombstone}).
   *
   * @param groupId the queue's message group when sent through the queue
   * @param keys the item's key attributes in DynamoDB JSON, empty when unknown
   */
  record Tombstone(String index, String id, String groupId, ObjectNode keys, long version, long deletedAt)
      implements Write {}
}
