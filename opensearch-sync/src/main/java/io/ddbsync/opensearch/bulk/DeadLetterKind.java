package io.ddbsync.opensearch.bulk;

import java.util.Locale;

/** Why a message is permanently undeliverable; sent as the {@code ddbsync-kind} attribute. */
public enum DeadLetterKind {
  /** The enrichment could not turn the stream record into a change (an {@code invalid} message). */
  INVALID,
  /** The body is not a change message this indexer reads (not JSON, unknown schema, fields missing). */
  MALFORMED,
  /** OpenSearch refused the document's fields (mapper_parsing_exception and the like). */
  MAPPING,
  /** The document or a term in it is larger than OpenSearch accepts. */
  TOO_LARGE,
  /** OpenSearch refused the request for the item as invalid (illegal_argument_exception). */
  ILLEGAL_ARGUMENT,
  /** Any other 4xx item error: resending the same item cannot succeed. */
  REJECTED,
  /** A fetch message, but TABLE_NAME is not set. */
  NO_TABLE,
  /** The fetched item cannot be converted to a document. */
  INVALID_ITEM,
  /** A fetch naming no index (an OLD_IMAGE INSERT) read an item that no route takes and DEFAULT_INDEX is empty. */
  UNROUTABLE;

  public String attributeValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
