package io.ddbsync.enrichment;

import io.ddbsync.function.config.Variable;

/** The environment variables the enrichment function reads, with their defaults (see {@link EnrichmentConfig}). */
public enum EnrichmentVariable implements Variable {
  STREAM_VIEW_TYPE("NEW_AND_OLD_IMAGES"),
  KEY_ATTRIBUTES(""),
  DEFAULT_INDEX(EnrichmentConfig.DEFAULT_INDEX_NAME),
  ROUTES(""),
  INDEXED_ATTRIBUTES(""),
  IGNORED_ATTRIBUTES(""),
  TTL_EXPIRY("delete"),
  MAX_MESSAGE_BYTES(String.valueOf(EnrichmentConfig.SQS_MAX_MESSAGE_BYTES)),
  LOG_LEVEL("INFO"),
  LOG_ITEM_KEYS("hashed"),
  LOG_KEY_HASH_SECRET("");

  private final String defaultValue;

  EnrichmentVariable(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }
}
