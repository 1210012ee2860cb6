package io.ddbsync.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A change to one item, aimed at one document of one index. */
public sealed interface ItemChange extends ChangeMessage permits Upsert, Delete, Fetch {

  /** The OpenSearch index the item is routed to; a {@link Fetch} may name none ({@link Fetch#NO_INDEX}). */
  String index();

  /** The document id derived from the item's key attributes. */
  String id();

  /** External version: grows with the item's history, so older writes are refused. */
  long version();

  /** The item's key attributes in DynamoDB JSON, e.g. {@code {"pk":{"S":"order#1"}}}. */
  ObjectNode keys();

  /** The stream record's {@code ApproximateCreationDateTime}, in epoch seconds. */
  long streamTime();
}
