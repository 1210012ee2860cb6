package io.ddbsync.indexer;

import io.ddbsync.function.config.Variable;

/** The environment variables the indexer reads, with their defaults (see {@link IndexerConfig}). */
public enum IndexerVariable implements Variable {
  OPENSEARCH_ENDPOINT(""),
  OPENSEARCH_AUTH("none"),
  OPENSEARCH_SECRET_ARN(""),
  TABLE_NAME(""),
  DEAD_LETTER_QUEUE_URL(""),
  IDEMPOTENCY_TABLE(""),
  IDEMPOTENCY_EXPIRY_SECONDS("3600"),
  MAX_RETRIES("3"),
  INDEXED_ATTRIBUTES(""),
  IGNORED_ATTRIBUTES(""),
  ROUTES(""),
  DEFAULT_INDEX("items"),
  TTL_EXPIRY("delete"),
  POWERTOOLS_SERVICE_NAME("ddbsync-indexer"),
  POWERTOOLS_METRICS_NAMESPACE("ddbsync"),
  LOG_LEVEL("INFO"),
  LOG_ITEM_KEYS("hashed"),
  LOG_KEY_HASH_SECRET(""),
  /** Set by Lambda's runtime or the local CLI, not by the template. */
  AWS_ENDPOINT_URL_DYNAMODB(""),
  AWS_ENDPOINT_URL_SQS("");

  private final String defaultValue;

  IndexerVariable(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }
}
